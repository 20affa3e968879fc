// What a turn said, summarized: the replies' texts and the metadata of the turn (intent,
// confidence, fallback, sources, suggestions). POST /api/ask returns it; the terminal chat,
// the eval runner and the curators' turn log read it.
import type { Activity } from 'botbuilder-core';
import type { ReplyMeta, SourceRef } from '../answers/reply.js';
import { META_KEY } from './replies.js';

export interface AskResult {
  replies: string[];
  fallback: boolean;
  intent: string;
  confidence: number;
  sources: SourceRef[];
  suggestions: string[];
  /** Set when the turn was feedback on the previous answer (see ReplyMeta.feedback). */
  feedback?: { rating: 'helpful' | 'unhelpful'; intent: string };
}

export function metaOf(activity: Partial<Activity>): ReplyMeta | undefined {
  return (activity.channelData as Record<string, ReplyMeta> | undefined)?.[META_KEY];
}

/** Merge the metadata of all messages of one turn. */
export function summarizeTurn(activities: Partial<Activity>[]): AskResult {
  const messages = activities.filter((a) => a.type === 'message' && typeof a.text === 'string');
  const metas = messages.map(metaOf).filter((m): m is ReplyMeta => Boolean(m));
  const primary = [...metas].reverse().find((m) => m.kind !== 'system') ?? metas[metas.length - 1];
  const sources = new Map<string, SourceRef>();
  for (const m of metas) for (const s of m.sources) sources.set(`${s.id}|${s.region}`, s);
  const feedback = metas.find((m) => m.feedback)?.feedback;
  return {
    replies: messages.map((a) => a.text as string),
    fallback: metas.length === 0 || metas.every((m) => m.fallback),
    intent: primary?.intent ?? 'fallback',
    confidence: Number((primary?.confidence ?? 0).toFixed(4)),
    sources: [...sources.values()],
    suggestions: primary?.suggestions ?? [],
    ...(feedback ? { feedback } : {}),
  };
}
