// Turns per day (Beijing time) by outcome, for the report page's charts: every day of the
// period has a row, so a quiet day shows as 0 rather than as a gap.
import type { TurnRecord } from '../storage/turnLog/turnLog.js';
import { isNegativeFeedback, outcomeOf } from './outcome.js';
import { DAY_MS, type Period, shanghaiDay } from './period.js';

export interface DayRow {
  date: string;
  questions: number;
  answered: number;
  didYouMean: number;
  outOfScope: number;
  fallback: number;
  negativeFeedback: number;
}

export function dailySeries(records: TurnRecord[], period: Pick<Period, 'since' | 'until'>): DayRow[] {
  const days = new Map<string, DayRow>();
  for (let t = period.since; t < period.until; t += DAY_MS) {
    const date = shanghaiDay(t);
    days.set(date, {
      date,
      questions: 0,
      answered: 0,
      didYouMean: 0,
      outOfScope: 0,
      fallback: 0,
      negativeFeedback: 0,
    });
  }
  for (const r of records) {
    const row = days.get(shanghaiDay(r.at));
    if (!row) continue;
    // A feedback turn judges the answer before it: it is not a question of its own.
    if (r.feedback) {
      if (isNegativeFeedback(r)) row.negativeFeedback += 1;
      continue;
    }
    row.questions += 1;
    row[outcomeOf(r)] += 1;
  }
  return [...days.values()];
}
