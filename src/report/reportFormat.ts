// The report as curators read it (text: Chinese with English column headers) or as a
// spreadsheet (CSV with a section column).
import { shanghaiDate } from '../calendar.js';
import type { FeedbackRow, QuestionRow, ReportOptions, TurnReport } from './turnReport.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => x.toFixed(2);
const day = (ms: number) =>
  `${shanghaiDate(new Date(ms))} ${new Date(ms + 8 * 3600_000).toISOString().slice(11, 16)}`;

/** A plain-text table: English column headers, cells as given. */
function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/u.test(ch) ? 2 : 1), 0);
  const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
  return all
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - width(c))))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function questionTable(rows: QuestionRow[]): string {
  if (rows.length === 0) return '（无 none）';
  return table(
    ['rank', 'count', 'users', 'confidence', 'intent', 'channels', 'last_seen', 'question'],
    rows.map((r, i) => [
      String(i + 1),
      String(r.count),
      String(r.users),
      num(r.avgConfidence),
      r.intent,
      r.channels.join(','),
      day(r.lastSeen),
      r.question,
    ]),
  );
}

function feedbackTable(rows: FeedbackRow[]): string {
  if (rows.length === 0) return '（无 none）';
  return table(
    ['rank', 'count', 'users', 'intent', 'last_seen', 'questions'],
    rows.map((r, i) => [
      String(i + 1),
      String(r.count),
      String(r.users),
      r.intent,
      day(r.lastSeen),
      r.questions.join(' | '),
    ]),
  );
}

export function formatText(
  report: TurnReport,
  period: { since: number; until: number; source: string },
  options: ReportOptions,
): string {
  const lines = [
    '异地就医备案助手 · 对话日志报告 (turn log report)',
    `时间范围：${day(period.since)} 至 ${day(period.until)}（北京时间）  数据来源：${period.source}`,
    `共 ${report.turns} 轮对话，${report.users} 位用户，${report.conversations} 个会话；` +
      `未能回答 ${report.fallbacks} 轮（${pct(report.fallbacks / Math.max(1, report.turns))}），` +
      `低置信度 ${report.lowConfidenceTurns} 轮（${pct(report.lowConfidenceTurns / Math.max(1, report.turns))}）；` +
      `超出范围（已给引导语，不算未能回答）${report.outOfScope} 轮；` +
      `用户反馈“没用” ${report.unhelpful} 次，“有用” ${report.helpful} 次`,
    '',
    `〇、用户说“没用 / 不对”的回答（按被评价的意图）前 ${options.limit} 条 —— 最先核对`,
    feedbackTable(report.feedback),
    '',
    `一、未能回答的问题（兜底）前 ${options.limit} 条 —— 考虑新增问答条目或补充问法`,
    questionTable(report.unanswered),
    '',
    `二、低置信度的问题（置信度低于 ${options.lowConfidence}，或给出了“您是想问”）前 ${options.limit} 条 —— 核对答得对不对`,
    questionTable(report.lowConfidence),
    '',
    '三、意图统计',
    report.intents.length === 0
      ? '（无 none）'
      : table(
          ['intent', 'count', 'share', 'avg_confidence', 'fallbacks'],
          report.intents.map((r) => [
            r.intent,
            String(r.count),
            pct(r.share),
            num(r.avgConfidence),
            String(r.fallbacks),
          ]),
        ),
    '',
    '四、渠道',
    report.channels.length === 0
      ? '（无 none）'
      : table(
          ['channel', 'turns', 'users', 'fallback_rate', 'p50_latency_ms', 'p99_latency_ms'],
          report.channels.map((r) => [
            r.channel,
            String(r.turns),
            String(r.users),
            pct(r.fallbackRate),
            r.p50LatencyMs.toFixed(1),
            r.p99LatencyMs.toFixed(1),
          ]),
        ),
  ];
  return `${lines.join('\n')}\n`;
}

const csvCell = (value: string | number): string => {
  const s = String(value);
  // A leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One CSV for spreadsheets: a `section` column tells the tables apart (unhelpful feedback first). */
export function formatCsv(report: TurnReport): string {
  const header = [
    'section',
    'rank',
    'key',
    'count',
    'users',
    'share',
    'avg_confidence',
    'fallbacks',
    'channels',
    'last_seen',
    'intent',
    'p50_latency_ms',
  ];
  const questions = (section: string, rs: QuestionRow[]) =>
    rs.map((r, i) => [
      section,
      i + 1,
      r.question,
      r.count,
      r.users,
      '',
      num(r.avgConfidence),
      r.count,
      r.channels.join(' '),
      // Beijing time, as in the text report (a spreadsheet shows it as written).
      day(r.lastSeen),
      r.intent,
      '',
    ]);
  const rows: (string | number)[][] = [
    ...report.feedback.map((r, i) => [
      'unhelpful_feedback',
      i + 1,
      r.questions.join(' | '),
      r.count,
      r.users,
      '',
      '',
      '',
      '',
      new Date(r.lastSeen).toISOString(),
      r.intent,
      '',
    ]),
    ...questions('unanswered', report.unanswered),
    ...questions('low_confidence', report.lowConfidence).map((r) => r.with(7, '')),
    ...report.intents.map((r, i) => [
      'intent',
      i + 1,
      r.intent,
      r.count,
      '',
      r.share.toFixed(4),
      num(r.avgConfidence),
      r.fallbacks,
      '',
      '',
      r.intent,
      '',
    ]),
    ...report.channels.map((r, i) => [
      'channel',
      i + 1,
      r.channel,
      r.turns,
      r.users,
      '',
      '',
      Math.round(r.fallbackRate * r.turns),
      r.channel,
      '',
      '',
      r.p50LatencyMs.toFixed(1),
    ]),
  ];
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
