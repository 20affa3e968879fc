// The data of the curators' report page (/staff/report): the same report as `npm run report`
// (buildReport), plus questions per day by outcome for the charts and the unanswered
// questions grouped by similarity with the entry each nearly matched. Pure: records in, JSON out.
import type { TurnRecord } from '../storage/turnLog/turnLog.js';
import { type DayRow, dailySeries } from './daily.js';
import { isUnanswered } from './outcome.js';
import type { Period } from './period.js';
import { groupSimilar, type NearMatch, type QuestionGroup } from './similarQuestions.js';
import { buildReport, type ReportOptions, type TurnReport } from './turnReport.js';

export interface ReportPageData {
  period: Period['days'];
  summary: Pick<
    TurnReport,
    'turns' | 'users' | 'conversations' | 'fallbacks' | 'outOfScope' | 'lowConfidenceTurns'
  > & {
    didYouMean: number;
  };
  days: DayRow[];
  unanswered: QuestionGroup[];
  lowConfidence: TurnReport['lowConfidence'];
  intents: TurnReport['intents'];
  channels: TurnReport['channels'];
}

export function reportPageData(
  records: TurnRecord[],
  period: Period,
  options: ReportOptions,
  nearest?: (question: string) => NearMatch | undefined,
): ReportPageData {
  const report = buildReport(records, options);
  const days = dailySeries(records, period);
  return {
    period: period.days,
    summary: {
      turns: report.turns,
      users: report.users,
      conversations: report.conversations,
      fallbacks: report.fallbacks,
      lowConfidenceTurns: report.lowConfidenceTurns,
      outOfScope: report.outOfScope,
      didYouMean: days.reduce((n, d) => n + d.didYouMean, 0),
    },
    days,
    unanswered: groupSimilar(records.filter(isUnanswered), options.limit, nearest),
    lowConfidence: report.lowConfidence,
    intents: report.intents,
    channels: report.channels,
  };
}
