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

export interface TurnReport {
  turns: number;
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

export function buildReport(records: TurnRecord[], options: ReportOptions): TurnReport {
  // Out-of-scope questions given their guidance were handled: not unanswered (outcome.ts).
  const fallbacks = records.filter(isUnanswered);
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
    outOfScope: records.filter((r) => outcomeOf(r) === 'outOfScope').length,
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
          fallbackRate: rs.filter(isUnanswered).length / rs.length,
          p50LatencyMs: percentile(latencies, 50),
          p99LatencyMs: percentile(latencies, 99),
        };
      })
      .sort((a, b) => b.turns - a.turns),
  };
}
