// The knowledge's self-consistency: every question and paraphrase, asked on its own, must
// resolve to its own entry (or one the curators linked as related). The verbatim-paraphrase
// rule is switched off here, so a paraphrase that only answers because it is verbatim — one
// that sits closer to another entry — is shown to the curators instead of hidden.
import type { Knowledge } from '../knowledge/types.js';
import type { Matcher } from '../matcher/index.js';
import { type AskedCase, judgeMatch } from './crossValidate.js';

export function selfConsistency(k: Knowledge, matcher: Matcher, now: Date): AskedCase[] {
  const misses: AskedCase[] = [];
  for (const entry of k.entries) {
    for (const question of [entry.question, ...entry.paraphrases]) {
      const m = matcher.match(question, { now, exactParaphrases: false });
      const judged = judgeMatch(k, entry.id, m);
      if (judged.outcome !== 'right') misses.push({ question, ...judged });
    }
  }
  return misses;
}
