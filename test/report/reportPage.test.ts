// The report page's data: days by outcome in Beijing time, out-of-scope answers counted as
// handled, unanswered questions grouped by similarity with their nearest entry; and the CSV
// of `npm run report` in Beijing time like the text report.
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/report/period.js';
import { formatCsv } from '../../src/report/reportFormat.js';
import { reportPageData } from '../../src/report/reportPage.js';
import { groupSimilar, similarity } from '../../src/report/similarQuestions.js';
import { buildReport } from '../../src/report/turnReport.js';
import type { TurnRecord } from '../../src/storage/turnLog/turnLog.js';

// 2026-11-24 23:30 in Beijing is 15:30 UTC: the day is the 24th there, whatever UTC says.
const LATE_24TH = Date.UTC(2026, 10, 24, 15, 30);
const HOUR = 3600_000;

let n = 0;
const turn = (question: string, at: number, extra: Partial<TurnRecord> = {}): TurnRecord => ({
  at,
  channel: 'webchat',
  userHash: `user${n++ % 4}`,
  conversationHash: `c${n}`,
  intent: 'fallback',
  confidence: 0.1,
  fallback: true,
  latencyMs: 3,
  question,
  ...extra,
});

const records: TurnRecord[] = [
  turn('护照过期了怎么换', LATE_24TH),
  turn('护照过期了怎么换', LATE_24TH + HOUR), // 25th in Beijing
  turn('护照过期了，怎么换？', LATE_24TH + HOUR),
  turn('护照过期怎么换', LATE_24TH + 2 * HOUR),
  turn('社保卡丢了补办', LATE_24TH + 2 * HOUR),
  turn('医保缴费标准是多少', LATE_24TH + 2 * HOUR, { intent: 'fallback:contribution' }),
  turn('异地就医', LATE_24TH + 3 * HOUR, { intent: 'clarify', fallback: false, confidence: 0.4 }),
  turn('江门备案电话', LATE_24TH + 3 * HOUR, { intent: 'jm-phones', fallback: false, confidence: 0.9 }),
];

const period = (since: string, until: string) => {
  const parsed = parsePeriod({ since, until }, new Date(LATE_24TH));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.period;
};
const options = { limit: 20, lowConfidence: 0.55 };

describe('the report page data', () => {
  const nearest = (q: string) =>
    q.includes('护照') ? undefined : { id: 'nat-card-lost', question: '社保卡丢了怎么办？', score: 0.31 };
  const data = reportPageData(records, period('2026-11-23', '2026-11-25'), options, nearest);

  it('counts questions per Beijing-time day by outcome, every day of the period included', () => {
    expect(data.period).toEqual({ since: '2026-11-23', until: '2026-11-25' });
    expect(data.days).toEqual([
      {
        date: '2026-11-23',
        questions: 0,
        answered: 0,
        didYouMean: 0,
        outOfScope: 0,
        fallback: 0,
        negativeFeedback: 0,
      },
      {
        date: '2026-11-24',
        questions: 1,
        answered: 0,
        didYouMean: 0,
        outOfScope: 0,
        fallback: 1,
        negativeFeedback: 0,
      },
      {
        date: '2026-11-25',
        questions: 7,
        answered: 1,
        didYouMean: 1,
        outOfScope: 1,
        fallback: 4,
        negativeFeedback: 0,
      },
    ]);
  });

  it('an out-of-scope question answered with its guidance is not unanswered', () => {
    expect(data.summary).toMatchObject({ turns: 8, fallbacks: 5, outOfScope: 1, didYouMean: 1 });
    expect(data.unanswered.map((g) => g.question)).not.toContain('医保缴费标准是多少');
  });

  it('groups unanswered wordings by similarity, with counts and the entry each nearly matched', () => {
    expect(data.unanswered.map((g) => [g.question, g.count, g.variants])).toEqual([
      // The newest spelling names a wording (as in the text report).
      ['护照过期了，怎么换？', 4, ['护照过期怎么换']],
      ['社保卡丢了补办', 1, []],
    ]);
    expect(data.unanswered[0]?.nearest).toBeUndefined();
    expect(data.unanswered[1]?.nearest).toEqual({
      id: 'nat-card-lost',
      question: '社保卡丢了怎么办？',
      score: 0.31,
    });
  });

  it('similar wordings meet, different questions do not', () => {
    expect(similarity('护照过期了怎么换', '护照过期怎么换')).toBeGreaterThanOrEqual(0.5);
    expect(similarity('护照过期了怎么换', '社保卡丢了补办')).toBeLessThan(0.5);
    expect(groupSimilar([], 5)).toEqual([]);
  });
});

describe('the period of a report request', () => {
  const now = new Date(LATE_24TH);
  it('defaults to the last 30 Beijing-time days up to today', () => {
    const parsed = parsePeriod({}, now);
    expect(parsed.ok && parsed.period.days).toEqual({ since: '2026-10-26', until: '2026-11-24' });
  });
  it.each([
    [{ since: '2026-13-01' }, /since 应为日期/],
    [{ until: 'yesterday' }, /until 应为日期/],
    [{ since: ['2026-11-01', '2026-11-02'] }, /只能出现一次/],
    [{ since: '2026-11-30', until: '2026-11-01' }, /不能早于/],
    [{ since: '2020-01-01', until: '2026-11-01' }, /最多 366 天/],
  ])('%j → a bilingual error', (raw, message) => {
    const parsed = parsePeriod(raw, now);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toMatch(message);
      expect(parsed.error).toMatch(/ \/ [A-Za-z"]/);
    }
  });
});

describe('the CSV of npm run report', () => {
  it('writes last_seen in Beijing time, like the text report', () => {
    const csv = formatCsv(buildReport([turn('护照过期了怎么换', LATE_24TH)], options));
    expect(csv).toContain('unanswered,1,护照过期了怎么换,1,1,,0.10,1,webchat,2026-11-24 23:30,fallback,');
    expect(csv).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });
});

describe('negative feedback on the report page', () => {
  it('counts an unhelpful rating per Beijing-time day and not as a question of its own', () => {
    const rated = [
      turn('江门备案电话', LATE_24TH, { intent: 'jm-phones', fallback: false, confidence: 0.9 }),
      turn('没用', LATE_24TH + 60_000, { intent: 'jm-phones', fallback: false, feedback: 'unhelpful' }),
      turn('有用', LATE_24TH + 120_000, { intent: 'jm-phones', fallback: false, feedback: 'helpful' }),
    ];
    const data = reportPageData(rated, period('2026-11-24', '2026-11-24'), options, () => undefined);
    expect(data.days).toEqual([
      {
        date: '2026-11-24',
        questions: 1,
        answered: 1,
        didYouMean: 0,
        outOfScope: 0,
        fallback: 0,
        negativeFeedback: 1,
      },
    ]);
  });
});
