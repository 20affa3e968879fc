// Long, story-like messages (a situation, filler such as 唉/听说, and the real question at the
// end): the question clause drives retrieval, the rest of the story only adds context. Facts
// (places, dates, categories) are still read from the whole message by the caller.
import { cleanText, compact, toSimplified } from '../text/normalize.js';

// Clause boundaries: sentence ends and commas (the story's clauses are comma-separated),
// kept (capturing group) so a clause ending in a question mark counts as asking.
const CLAUSE_END = /([。？！?!；;，,：:\n]+)/;

export interface StoryParts {
  /** The clause (or clauses) that ask the question, compact text. */
  question: string;
  /** Everything else, compact text (filler removed). */
  story: string;
}

export interface StorySettings {
  /** Messages shorter than this (compact characters) are not stories. */
  minLength: number;
  /** A question clause shorter than this (咋整) takes in the clauses before it. */
  minClause: number;
}

export class QuestionClause {
  private readonly cues: string[];
  private readonly fillers: string[];

  constructor(
    cues: string[],
    fillers: string[],
    private readonly settings: StorySettings,
  ) {
    this.cues = cues.map(compact).filter(Boolean);
    // Longest first, so 真是烦死了 goes before 真是烦.
    this.fillers = fillers
      .map(compact)
      .filter(Boolean)
      .sort((a, b) => b.length - a.length);
  }

  /** True when a clause asks something (has a question cue). */
  asks(clause: string): boolean {
    const c = compact(clause);
    return this.cues.some((q) => c.includes(q));
  }

  /** The question and the story of a long message; undefined for a short one or no question clause. */
  split(raw: string): StoryParts | undefined {
    const text = toSimplified(cleanText(raw)).toLowerCase();
    if (Array.from(compact(text)).length < this.settings.minLength) return undefined;
    const parts = text.split(CLAUSE_END);
    const clauses: string[] = [];
    const marked: boolean[] = [];
    for (let i = 0; i < parts.length; i += 2) {
      const clause = this.withoutFiller(compact(parts[i] ?? ''));
      if (!clause) continue;
      clauses.push(clause);
      marked.push(/[？?]/.test(parts[i + 1] ?? ''));
    }
    let last = -1;
    for (let i = clauses.length - 1; i >= 0; i--)
      if (marked[i] || this.asks(clauses[i] as string)) {
        last = i;
        break;
      }
    if (last < 0) return undefined;
    // The run of asking clauses that ends the question (要带哪几样东西，钱打到哪儿).
    let first = last;
    while (first > 0 && !marked[first - 1] && this.asks(clauses[first - 1] as string)) first--;
    let question = clauses.slice(first, last + 1).join('');
    while (first > 0 && Array.from(question).length < this.settings.minClause) {
      first--;
      question = `${clauses[first]}${question}`;
    }
    const story = [...clauses.slice(0, first), ...clauses.slice(last + 1)].join('');
    return { question, story };
  }

  private withoutFiller(clause: string): string {
    let out = clause;
    for (const f of this.fillers) if (out.includes(f)) out = out.split(f).join('');
    return out;
  }
}
