// What a logged turn came to, as curators count it. An out-of-scope question answered with
// its guidance (intent fallback:<topic>, e.g. 缴费标准) was handled correctly: it is not an
// "unanswered" question that needs a new FAQ entry.
import type { TurnRecord } from '../storage/turnLog/turnLog.js';

export type Outcome = 'answered' | 'didYouMean' | 'outOfScope' | 'fallback';

export function outcomeOf(r: TurnRecord): Outcome {
  if (r.intent === 'clarify') return 'didYouMean';
  if (r.fallback && r.intent.startsWith('fallback:')) return 'outOfScope';
  if (r.fallback) return 'fallback';
  return 'answered';
}

export const isUnanswered = (r: TurnRecord): boolean => outcomeOf(r) === 'fallback';

/** A feedback turn (有用 / 没用, a reaction) that rated the answer before it as unhelpful. */
export function isNegativeFeedback(r: TurnRecord): boolean {
  return r.feedback === 'unhelpful';
}
