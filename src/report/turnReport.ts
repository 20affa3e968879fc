// The curators' view of the turn log: which questions went unanswered or were answered with
// low confidence, how often each intent and channel came up. Pure: records in, tables out.

import type { TurnRecord } from '../storage/turnLog/turnLog.js';
import { isUnanswered, outcomeOf } from './outcome.js';
import { percentile } from './stats.js';

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

/** Unhelpful feedback on one intent: what curators look at first. */
export interface FeedbackRow {
  /** The intent the feedback judged (the answer before it). */
  intent: string;
  count: number;
  users: number;
  lastSeen: number;
  /** The questions that got the judged answers (the turn before each feedback), newest first. */
  questions: string[];
}

export interface TurnReport {
  turns: number;
  /** 没用 / 不对 / 👎 turns, and 有用 / 👍 ones. */
  unhelpful: number;
  helpful: number;
  feedback: FeedbackRow[];
  users: number;
  conversations: number;
  fallbacks: number;
  /** Out-of-scope questions answered with their guidance (not unanswered). */
  outOfScope: number;
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

/**
 * Unhelpful feedback grouped by the intent judged, most complained-of first, each with the
 * questions that were asked just before (the conversation's previous question turn).
 */
function feedbackRows(records: TurnRecord[], limit: number): FeedbackRow[] {
  const groups = new Map<string, Array<{ record: TurnRecord; question?: string }>>();
  records.forEach((r, i) => {
    if (r.feedback !== 'unhelpful') return;
    let question: string | undefined;
    for (let j = i - 1; j >= 0; j--) {
      const before = records[j] as TurnRecord;
      if (before.conversationHash === r.conversationHash && !before.feedback) {
        question = before.question;
        break;
      }
    }
    groups.set(r.intent, [...(groups.get(r.intent) ?? []), { record: r, question }]);
  });
  return [...groups.entries()]
    .map(([intent, xs]) => ({
      intent,
      count: xs.length,
      users: new Set(xs.map((x) => x.record.userHash)).size,
      lastSeen: Math.max(...xs.map((x) => x.record.at)),
      questions: [
        ...new Set(
          [...xs]
            .reverse()
            .map((x) => x.question)
            .filter((q): q is string => Boolean(q)),
        ),
      ].slice(0, 3),
    }))
    .sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen)
    .slice(0, limit);
}

export function buildReport(all: TurnRecord[], options: ReportOptions): TurnReport {
  // Feedback turns judge another turn: counted on their own, not as questions or intents.
  const records = all.filter((r) => !r.feedback);
  // Out-of-scope questions given their guidance were handled: not unanswered (outcome.ts).
  const fallbacks = records.filter(isUnanswered);
  const low = records.filter((r) => isLowConfidence(r, options.lowConfidence));
  const byIntent = new Map<string, TurnRecord[]>();
  const byChannel = new Map<string, TurnRecord[]>();
  for (const r of records) byIntent.set(r.intent, [...(byIntent.get(r.intent) ?? []), r]);
  for (const r of all) byChannel.set(r.channel, [...(byChannel.get(r.channel) ?? []), r]);
  const ordered = [...all].sort((a, b) => a.at - b.at);
  return {
    turns: all.length,
    unhelpful: all.filter((r) => r.feedback === 'unhelpful').length,
    helpful: all.filter((r) => r.feedback === 'helpful').length,
    feedback: feedbackRows(ordered, options.limit),
    users: new Set(all.map((r) => r.userHash)).size,
    conversations: new Set(all.map((r) => r.conversationHash)).size,
    fallbacks: fallbacks.length,
    outOfScope: records.filter((r) => outcomeOf(r) === 'outOfScope').length,
    lowConfidenceTurns: low.length,
    unanswered: groupQuestions(fallbacks, options.limit),
    lowConfidence: groupQuestions(low, options.limit),
    intents: [...byIntent.entries()]
      .map(([intent, rs]) => ({
        intent,
        count: rs.length,
        share: rs.length / Math.max(1, records.length),
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
          fallbackRate: rs.filter(isUnanswered).length / rs.length,
          p50LatencyMs: percentile(latencies, 50),
          p99LatencyMs: percentile(latencies, 99),
        };
      })
      .sort((a, b) => b.turns - a.turns),
  };
}
