// The curators' view of the turn log: which questions went unanswered or were answered with
// low confidence, how often each intent and channel came up. Pure: records in, tables out.

import { percentile } from '../bench/stats.js';
import { shanghaiDate } from '../calendar.js';
import type { TurnRecord } from '../storage/turnLog.js';

export interface ReportOptions {
  /** Rows of each question table. */
  limit: number;
  /** Answered below this confidence (or a "did you mean") counts as low confidence. */
  lowConfidence: number;
}

export interface QuestionRow {
  question: string;
  count: number;
  users: number;
  /** The intent most often given to the question. */
  intent: string;
  avgConfidence: number;
  channels: string[];
  lastSeen: number;
}

export interface IntentRow {
  intent: string;
  count: number;
  share: number;
  avgConfidence: number;
  fallbacks: number;
}

export interface ChannelRow {
  channel: string;
  turns: number;
  users: number;
  fallbackRate: number;
  p50LatencyMs: number;
  p99LatencyMs: number;
}

export interface TurnReport {
  turns: number;
  users: number;
  conversations: number;
  fallbacks: number;
  lowConfidenceTurns: number;
  unanswered: QuestionRow[];
  lowConfidence: QuestionRow[];
  intents: IntentRow[];
  channels: ChannelRow[];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export function isLowConfidence(r: TurnRecord, threshold: number): boolean {
  return !r.fallback && (r.intent === 'clarify' || r.confidence < threshold);
}

/** Questions are stored simplified and masked: spacing, punctuation and case do not make a new row. */
const groupKey = (question: string): string => question.toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, '');

function groupQuestions(records: TurnRecord[], limit: number): QuestionRow[] {
  const groups = new Map<string, TurnRecord[]>();
  for (const r of records) {
    const key = groupKey(r.question);
    if (!key) continue;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()]
    .map((rs) => {
      const intents = countBy(rs, (r) => r.intent);
      const newest = rs.reduce((a, b) => (b.at > a.at ? b : a));
      return {
        question: newest.question,
        count: rs.length,
        users: new Set(rs.map((r) => r.userHash)).size,
        intent: [...intents.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '',
        avgConfidence: mean(rs.map((r) => r.confidence)),
        channels: [...new Set(rs.map((r) => r.channel))].sort(),
        lastSeen: newest.at,
      };
    })
    .sort((a, b) => b.count - a.count || b.users - a.users || b.lastSeen - a.lastSeen)
    .slice(0, limit);
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

export function buildReport(records: TurnRecord[], options: ReportOptions): TurnReport {
  const fallbacks = records.filter((r) => r.fallback);
  const low = records.filter((r) => isLowConfidence(r, options.lowConfidence));
  const byIntent = new Map<string, TurnRecord[]>();
  const byChannel = new Map<string, TurnRecord[]>();
  for (const r of records) {
    byIntent.set(r.intent, [...(byIntent.get(r.intent) ?? []), r]);
    byChannel.set(r.channel, [...(byChannel.get(r.channel) ?? []), r]);
  }
  return {
    turns: records.length,
    users: new Set(records.map((r) => r.userHash)).size,
    conversations: new Set(records.map((r) => r.conversationHash)).size,
    fallbacks: fallbacks.length,
    lowConfidenceTurns: low.length,
    unanswered: groupQuestions(fallbacks, options.limit),
    lowConfidence: groupQuestions(low, options.limit),
    intents: [...byIntent.entries()]
      .map(([intent, rs]) => ({
        intent,
        count: rs.length,
        share: rs.length / records.length,
        avgConfidence: mean(rs.map((r) => r.confidence)),
        fallbacks: rs.filter((r) => r.fallback).length,
      }))
      .sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent)),
    channels: [...byChannel.entries()]
      .map(([channel, rs]) => {
        const latencies = rs.map((r) => r.latencyMs).sort((a, b) => a - b);
        return {
          channel,
          turns: rs.length,
          users: new Set(rs.map((r) => r.userHash)).size,
          fallbackRate: rs.filter((r) => r.fallback).length / rs.length,
          p50LatencyMs: percentile(latencies, 50),
          p99LatencyMs: percentile(latencies, 99),
        };
      })
      .sort((a, b) => b.turns - a.turns),
  };
}

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
      `低置信度 ${report.lowConfidenceTurns} 轮（${pct(report.lowConfidenceTurns / Math.max(1, report.turns))}）`,
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

/** One CSV for spreadsheets: a `section` column tells the four tables apart. */
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
      new Date(r.lastSeen).toISOString(),
      r.intent,
      '',
    ]);
  const rows: (string | number)[][] = [
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
