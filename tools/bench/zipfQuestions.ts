// Questions as citizens repeat them, not a loop over a fixed set: each request draws a
// question by a Zipf law over the eval questions (a few asked very often, most rarely) and
// comes from a new visitor most of the time (a returning one carries what their conversation
// remembers, so the result cache cannot answer them from another user's turn), and half the
// time in words of their own around it (请问…呢, 麻烦问下…谢谢): 40 phrasings of each
// question, so the texts have a long tail. Seeded: every run draws the same sequence.
import { singleTurnQuestions } from './questions.js';

/** Zipf exponent: s ≈ 1 is the usual law of query frequencies. */
export const ZIPF_S = 1.0;
/** Share of requests from a visitor who asked before (one of the last RETURNING ones). */
export const RETURNING_SHARE = 0.3;
const RETURNING = 200;
/** Share of requests worded with one of the phrasings below around the question. */
export const REPHRASED_SHARE = 0.5;
const OPENINGS = ['', '请问', '想问一下', '麻烦问下', '您好 '];
const ENDINGS = ['', '？', '呢', '啊', '呀', '谢谢', '，急', '。'];

/** A small seeded PRNG (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Draw {
  user: string;
  text: string;
}

export class ZipfQuestions {
  private readonly texts: string[];
  private readonly cdf: number[];
  private readonly random: () => number;
  private visitors = 0;
  private readonly seen = new Set<string>();
  private draws = 0;
  private repeats = 0;

  constructor(seed = 14, texts: string[] = singleTurnQuestions().map((q) => q.text)) {
    this.random = seeded(seed);
    // The popularity order is a seeded shuffle, not the files' order.
    this.texts = [...texts];
    for (let i = this.texts.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [this.texts[i], this.texts[j]] = [this.texts[j] as string, this.texts[i] as string];
    }
    let sum = 0;
    const weights = this.texts.map((_, rank) => 1 / (rank + 1) ** ZIPF_S);
    const total = weights.reduce((a, b) => a + b, 0);
    this.cdf = weights.map((w) => {
      sum += w / total;
      return sum;
    });
  }

  next(): Draw {
    const u = this.random();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cdf[mid] ?? 1) < u) lo = mid + 1;
      else hi = mid;
    }
    const question = this.texts[lo] ?? '';
    const pick = (list: string[]) => list[Math.floor(this.random() * list.length)] ?? '';
    const text = this.random() < REPHRASED_SHARE ? `${pick(OPENINGS)}${question}${pick(ENDINGS)}` : question;
    const returning = this.visitors > 0 && this.random() < RETURNING_SHARE;
    const user = returning
      ? `zipf-${this.visitors - 1 - Math.floor(this.random() * Math.min(RETURNING, this.visitors))}`
      : `zipf-${this.visitors++}`;
    this.draws++;
    if (this.seen.has(text)) this.repeats++;
    else this.seen.add(text);
    return { user, text };
  }

  /** Share of draws whose text was drawn before (the most a text-keyed cache could answer). */
  repeatShare(): number {
    return this.draws > 0 ? this.repeats / this.draws : 0;
  }

  get distinct(): number {
    return this.texts.length;
  }
}
