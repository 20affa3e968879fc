// k-fold cross-validation over the knowledge itself: for each fold the matcher is built
// without a k-th of every entry's paraphrases, and the held-out paraphrases are asked.
// This measures unseen phrasing, which the dev and own sets (tuned on) no longer do.
// Pure apart from building matchers: no botbuilder, no I/O.
import type { FaqEntry, Knowledge } from '../knowledge/types.js';
import { Matcher, type MatchResult } from '../matcher/index.js';

export type Outcome = 'right' | 'wrong' | 'clarify-right' | 'clarify-wrong' | 'fallback';

export interface AskedCase {
  entryId: string;
  question: string;
  outcome: Outcome;
  /** What was answered or offered (entry ids). */
  got: string[];
  /** The best candidate's score, its lead over the runner-up, and whether it was the asked entry
   * (whatever was decided): the calibration table's inputs. */
  top?: { score: number; lead: number; right: boolean };
}

export interface MatchMetrics {
  total: number;
  right: number;
  /** Answered, but with another entry: the figure that hurts citizens. */
  wrong: number;
  clarify: number;
  /** Did-you-mean whose options include the right entry. */
  clarifyRight: number;
  fallback: number;
}

/**
 * Entries the curators linked count as the same answer: related (either way), or a forum
 * entry and the official entry it is the experience of (the official one rightly leads).
 */
export function sameAnswer(k: Knowledge, expected: string, got: string): boolean {
  if (expected === got) return true;
  const a = k.entryById.get(expected);
  const b = k.entryById.get(got);
  if (a?.experienceOf === got || b?.experienceOf === expected) return true;
  return Boolean(a?.related.includes(got) || b?.related.includes(expected));
}

/** Judge one match against the entry it should have found. */
export function judgeMatch(k: Knowledge, expected: string, m: MatchResult): Omit<AskedCase, 'question'> {
  if (m.decision === 'answer') {
    const got = m.answers.map((a) => a.entry.id);
    const first = got[0] ?? '';
    return { entryId: expected, got, outcome: sameAnswer(k, expected, first) ? 'right' : 'wrong' };
  }
  if (m.decision === 'clarify') {
    const got = m.choices.map((c) => c.entry.id);
    const hit = got.some((g) => sameAnswer(k, expected, g));
    return { entryId: expected, got, outcome: hit ? 'clarify-right' : 'clarify-wrong' };
  }
  return { entryId: expected, got: [], outcome: 'fallback' };
}

export function summarize(cases: AskedCase[]): MatchMetrics {
  const n = (o: Outcome) => cases.filter((c) => c.outcome === o).length;
  return {
    total: cases.length,
    right: n('right'),
    wrong: n('wrong'),
    clarify: n('clarify-right') + n('clarify-wrong'),
    clarifyRight: n('clarify-right'),
    fallback: n('fallback'),
  };
}

/** The knowledge with fold `fold` of every entry's paraphrases removed, and those paraphrases. */
export function splitFold(
  k: Knowledge,
  folds: number,
  fold: number,
): { train: Knowledge; held: Array<{ entryId: string; question: string }> } {
  const held: Array<{ entryId: string; question: string }> = [];
  const entries: FaqEntry[] = k.entries.map((e, ei) => {
    const keep: string[] = [];
    e.paraphrases.forEach((p, i) => {
      // Offset by the entry's index so entries with few paraphrases do not all lose their first.
      if ((i + ei) % folds === fold) held.push({ entryId: e.id, question: p });
      else keep.push(p);
    });
    return { ...e, paraphrases: keep };
  });
  const entryById = new Map(entries.map((e) => [e.id, e]));
  return { train: { ...k, entries, entryById }, held };
}

/** Run k-fold cross-validation; every held-out paraphrase is asked once, with no context. */
export function crossValidate(k: Knowledge, folds: number, now: Date): AskedCase[] {
  const out: AskedCase[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const { train, held } = splitFold(k, folds, fold);
    const matcher = new Matcher(train);
    for (const h of held) {
      const m = matcher.match(h.question, { now });
      const [first, second] = m.candidates;
      const top = first && {
        score: first.score,
        lead: first.score - (second?.score ?? 0),
        right: sameAnswer(train, h.entryId, first.entry.id),
      };
      out.push({ question: h.question, ...judgeMatch(train, h.entryId, m), top });
    }
  }
  return out;
}
