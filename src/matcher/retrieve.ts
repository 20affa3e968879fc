// Step 3 of the matcher pipeline: find candidate entries for a tokenized question.
// Three views of similarity, each built once at start-up over every question, paraphrase
// and keyword list: weighted token overlap per utterance, BM25 per entry, and character
// bigram cosine per utterance (robust when jieba cuts a phrase differently). fuse.js
// corrects longer tokens the vocabulary does not know (社报卡 → 社保卡).
import Fuse from 'fuse.js';
import type { FaqEntry } from '../knowledge/types.js';
import { compact, normalize } from '../text/normalize.js';
import type { FacetDetector } from './facets.js';
import type { Segmenter } from './segment.js';

export interface Utterance {
  entryIndex: number;
  text: string;
  tokens: Set<string>;
  /** Sum of token weights (for the precision side of the overlap score). */
  weight: number;
}

export interface Features {
  entryIndex: number;
  /** Weighted F1 between the question's tokens and the best utterance's tokens. */
  overlap: number;
  /** BM25 of the question against the entry's pooled utterances, scaled to 0–1. */
  bm25: number;
  /** Character-bigram cosine with the best utterance. */
  chars: number;
  /** Question tokens found in the entry (for highlighting and the debugging view). */
  matched: string[];
  /** Share of the entry's utterances that ask about the question's facets (undefined: none asked). */
  facetAgreement?: number;
  bestUtterance: string;
}

export interface QueryTokens {
  tokens: string[];
  /** Tokens added by fuzzy correction, with their reduced weight. */
  fuzzy: Map<string, number>;
  /** Salient tokens of earlier turns, with their reduced weight (follow-up questions). */
  context: Map<string, number>;
}

const K1 = 1.2;
const B = 0.75;

function bigrams(text: string): string[] {
  const chars = Array.from(text);
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/** One query term of a search plan, with the entries using it. */
export interface PlanTerm {
  term: string;
  /** Query-side weight (token: idf × its factor; bigram: count × idf). */
  weight: number;
  idf: number;
  entries: Int32Array;
  /** Tokens: the most this term can add to an entry's BM25 (before dividing by `ideal`). */
  bm25: number;
  /** Bigrams: the most this term can add to a cosine's numerator over the utterance's norm. */
  chars: number;
  /** Token or bigram id (RetrievalIndex.tokenPos / gramPos). */
  id: number;
}

export interface SearchPlan {
  weights: Map<string, number>;
  queryWeight: number;
  /** Query tokens the vocabulary knows, in the order `search` adds them. */
  tokens: PlanTerm[];
  /** Query bigrams some utterance has, in query order. */
  grams: PlanTerm[];
  qNorm: number;
  /** BM25 of a perfect match (the divisor that scales BM25 to 0–1). */
  ideal: number;
  /** Utterance postings the exhaustive search would walk (its cost). */
  postings: number;
}

interface Postings {
  ids: Int32Array;
  weights: Float64Array;
}

/** A sparse sum per utterance: dense values plus the list of utterances touched. */
class Accumulator {
  readonly values: Float64Array;
  readonly touched: Int32Array;
  private readonly seen: Uint8Array;
  count = 0;

  constructor(size: number) {
    this.values = new Float64Array(size);
    this.touched = new Int32Array(size);
    this.seen = new Uint8Array(size);
  }

  reset(): this {
    for (let k = 0; k < this.count; k++) {
      const u = this.touched[k] as number;
      this.values[u] = 0;
      this.seen[u] = 0;
    }
    this.count = 0;
    return this;
  }

  add(u: number, w: number): void {
    if (this.seen[u] === 0) {
      this.seen[u] = 1;
      this.touched[this.count++] = u;
    }
    this.values[u] = (this.values[u] as number) + w;
  }
}

export class RetrievalIndex {
  readonly utterances: Utterance[] = [];
  private readonly df = new Map<string, number>();
  private readonly tokenPostings = new Map<string, number[]>();
  private readonly entryTf: Array<Map<string, number>> = [];
  private readonly entryLength: number[] = [];
  private readonly avgLength: number;
  private readonly bigramIdf = new Map<string, number>();
  private readonly bigramPostings = new Map<string, Postings>();
  private readonly bigramNorm: number[] = [];
  // Per-entry views for pruned retrieval (src/matcher/prunedSearch.ts): a candidate is scored
  // alone, from its own utterances, instead of accumulating every posting of every term.
  /** Utterance indices of each entry, ascending. */
  private readonly entryUtterances: number[][] = [];
  /** Per utterance: character bigram → its weight (the same values the postings hold). */
  private readonly utteranceGrams: Array<Map<string, number>> = [];
  /** Per entry: the character bigrams of its utterances. */
  private readonly entryGrams: Array<Set<string>> = [];
  /** Token / bigram → entries using it, ascending. */
  private readonly tokenEntries = new Map<string, Int32Array>();
  private readonly gramEntries = new Map<string, Int32Array>();
  /** Per token: the largest BM25 factor c(K1+1)/(c+K1·norm) over the entries using it. */
  private readonly bm25Factor = new Map<string, number>();
  /** Compact question/paraphrase text → its entry (-1: two entries share it). */
  private readonly exactText = new Map<string, number>();
  /** Per bigram: its largest weight over an utterance's norm (bounds the cosine it adds to). */
  private readonly gramShare = new Map<string, number>();
  /** Per entry: the smallest token weight of its utterances (bounds the overlap F1). */
  readonly entryMinWeight: number[] = [];
  // Integer ids of tokens and bigrams: a candidate is scored with array lookups, not hashing.
  private readonly tokenId = new Map<string, number>();
  private readonly gramId = new Map<string, number>();
  private readonly uttTokenIds: Int32Array[] = [];
  private readonly uttGramIds: Int32Array[] = [];
  private readonly uttGramWeights: Float64Array[] = [];
  /** Per entry: ids of the tokens / bigrams it uses. */
  readonly entryTokenIds: Int32Array[] = [];
  readonly entryGramIds: Int32Array[] = [];
  /** Token / bigram id → its position in the bound plan (-1: not in the query). */
  tokenPos = new Int32Array(0);
  gramPos = new Int32Array(0);
  private scratchPos = new Int32Array(64);
  private scratchW = new Float64Array(64);
  /** Per-utterance accumulators reused by every search (search is synchronous). */
  private readonly interAcc: Accumulator;
  private readonly dotAcc: Accumulator;
  private readonly vocabulary = new Map<number, Fuse<string>>();
  /** Per entry: share of its utterances showing each facet. */
  private readonly entryFacets: Array<Map<string, number>> = [];
  readonly maxIdf: number;

  constructor(
    readonly entries: FaqEntry[],
    segmenter: Segmenter,
    private readonly fuzzyWeight: number,
    facets: FacetDetector,
    /** Share of an entry's utterances showing a facet for the entry to fully agree with it. */
    private readonly facetShare = 0.125,
  ) {
    entries.forEach((entry, entryIndex) => {
      const texts = [entry.question, ...entry.paraphrases];
      if (entry.keywords.length > 0) texts.push(entry.keywords.join(' '));
      const tf = new Map<string, number>();
      for (const t of texts) {
        const tokens = segmenter.tokens(normalize(t).text);
        for (const tok of tokens) tf.set(tok, (tf.get(tok) ?? 0) + 1);
        this.utterances.push({ entryIndex, text: compact(t), tokens: new Set(tokens), weight: 0 });
      }
      this.entryTf.push(tf);
      const shares = new Map<string, number>();
      for (const t of texts)
        for (const f of facets.detect(compact(t))) shares.set(f, (shares.get(f) ?? 0) + 1 / texts.length);
      this.entryFacets.push(shares);
      this.entryLength.push([...tf.values()].reduce((a, b) => a + b, 0));
      for (const tok of tf.keys()) this.df.set(tok, (this.df.get(tok) ?? 0) + 1);
    });
    this.avgLength = this.entryLength.reduce((a, b) => a + b, 0) / Math.max(1, entries.length);
    this.maxIdf = this.idfOf(0);
    this.utterances.forEach((u, i) => {
      u.weight = [...u.tokens].reduce((sum, t) => sum + this.idf(t), 0);
      for (const t of u.tokens) {
        const list = this.tokenPostings.get(t) ?? [];
        if (list.length === 0) this.tokenPostings.set(t, list);
        list.push(i);
      }
    });
    this.buildBigrams();
    this.buildEntryViews();
    this.interAcc = new Accumulator(this.utterances.length);
    this.dotAcc = new Accumulator(this.utterances.length);
    // One fuse.js index per word length: a typo keeps the length within one character,
    // so a token is compared with about a third of the vocabulary.
    const byLength = new Map<number, string[]>();
    for (const t of this.df.keys()) {
      const len = Array.from(t).length;
      if (len < 2) continue;
      const list = byLength.get(len) ?? [];
      if (list.length === 0) byLength.set(len, list);
      list.push(t);
    }
    for (const [len, words] of byLength) {
      this.vocabulary.set(
        len,
        new Fuse(words, { includeScore: true, ignoreLocation: true, threshold: 0.34 }),
      );
    }
  }

  private idfOf(df: number): number {
    const n = this.entries.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Inverse entry frequency of a token; unknown tokens get the maximum. */
  idf(token: string): number {
    return this.idfOf(this.df.get(token) ?? 0);
  }

  /**
   * The entry whose question or paraphrase is exactly this compact text (undefined when none,
   * or when two entries share it): a curator's verbatim paraphrase always answers.
   */
  exact(compactText: string): number | undefined {
    const found = this.exactText.get(compactText);
    return found === undefined || found < 0 ? undefined : found;
  }

  knows(token: string): boolean {
    return this.df.has(token);
  }

  private buildBigrams(): void {
    const df = new Map<string, number>();
    const grams = this.utterances.map((u) => {
      const tf = new Map<string, number>();
      for (const g of bigrams(u.text)) tf.set(g, (tf.get(g) ?? 0) + 1);
      for (const g of tf.keys()) df.set(g, (df.get(g) ?? 0) + 1);
      return tf;
    });
    const n = this.utterances.length;
    for (const [g, d] of df) this.bigramIdf.set(g, Math.log(1 + n / d));
    const lists = new Map<string, Array<[number, number]>>();
    grams.forEach((tf, i) => {
      let norm = 0;
      for (const [g, c] of tf) {
        const w = c * (this.bigramIdf.get(g) ?? 0);
        norm += w * w;
        const list = lists.get(g) ?? [];
        if (list.length === 0) lists.set(g, list);
        list.push([i, w]);
      }
      this.bigramNorm[i] = Math.sqrt(norm);
      this.utteranceGrams[i] = new Map([...tf].map(([g, c]) => [g, c * (this.bigramIdf.get(g) ?? 0)]));
    });
    // Typed arrays: the bigram loop is the hottest of a long question (half its time).
    for (const [g, list] of lists) {
      this.bigramPostings.set(g, {
        ids: Int32Array.from(list, ([i]) => i),
        weights: Float64Array.from(list, ([, w]) => w),
      });
    }
  }

  /** Entry-level postings, BM25 upper factors and the exact-text map (start-up only). */
  private buildEntryViews(): void {
    const tokenLists = new Map<string, number[]>();
    const gramLists = new Map<string, number[]>();
    const push = (lists: Map<string, number[]>, key: string, e: number) => {
      const list = lists.get(key);
      if (!list) lists.set(key, [e]);
      else if (list[list.length - 1] !== e) list.push(e);
    };
    this.entries.forEach(() => {
      this.entryUtterances.push([]);
      this.entryGrams.push(new Set());
    });
    this.utterances.forEach((u, i) => {
      (this.entryUtterances[u.entryIndex] as number[]).push(i);
      this.entryMinWeight[u.entryIndex] = Math.min(
        this.entryMinWeight[u.entryIndex] ?? Number.POSITIVE_INFINITY,
        u.weight,
      );
      const grams = this.entryGrams[u.entryIndex] as Set<string>;
      const norm = this.bigramNorm[i] ?? 1;
      for (const [g, gw] of this.utteranceGrams[i] as Map<string, number>) {
        grams.add(g);
        push(gramLists, g, u.entryIndex);
        if (norm > 0 && gw / norm > (this.gramShare.get(g) ?? 0)) this.gramShare.set(g, gw / norm);
      }
      const seen = this.exactText.get(u.text);
      if (seen === undefined) this.exactText.set(u.text, u.entryIndex);
      else if (seen !== u.entryIndex) this.exactText.set(u.text, -1);
    });
    this.entryTf.forEach((tf, e) => {
      const len = this.entryLength[e] ?? 0;
      for (const [t, c] of tf) {
        push(tokenLists, t, e);
        const factor = (c * (K1 + 1)) / (c + K1 * (1 - B + (B * len) / this.avgLength));
        if (factor > (this.bm25Factor.get(t) ?? 0)) this.bm25Factor.set(t, factor);
      }
    });
    for (const [t, list] of tokenLists) this.tokenEntries.set(t, Int32Array.from(list));
    for (const [g, list] of gramLists) this.gramEntries.set(g, Int32Array.from(list));
    for (const t of this.df.keys()) this.tokenId.set(t, this.tokenId.size);
    for (const g of this.bigramIdf.keys()) this.gramId.set(g, this.gramId.size);
    this.tokenPos = new Int32Array(this.tokenId.size).fill(-1);
    this.gramPos = new Int32Array(this.gramId.size).fill(-1);
    this.utterances.forEach((u, i) => {
      this.uttTokenIds.push(Int32Array.from(u.tokens, (t) => this.tokenId.get(t) as number));
      const grams = this.utteranceGrams[i] as Map<string, number>;
      this.uttGramIds.push(Int32Array.from(grams.keys(), (g) => this.gramId.get(g) as number));
      this.uttGramWeights.push(Float64Array.from(grams.values()));
    });
    this.entryTf.forEach((tf, e) => {
      this.entryTokenIds.push(Int32Array.from(tf.keys(), (t) => this.tokenId.get(t) as number));
      const grams = this.entryGrams[e] as Set<string>;
      this.entryGramIds.push(Int32Array.from(grams, (g) => this.gramId.get(g) as number));
    });
  }

  /** Make `plan` the query of `scoreEntry` (search is synchronous; unbind when done). */
  bind(plan: SearchPlan): void {
    plan.tokens.forEach((t, p) => {
      this.tokenPos[t.id] = p;
    });
    plan.grams.forEach((g, p) => {
      this.gramPos[g.id] = p;
    });
  }

  unbind(plan: SearchPlan): void {
    for (const t of plan.tokens) this.tokenPos[t.id] = -1;
    for (const g of plan.grams) this.gramPos[g.id] = -1;
  }

  /** Positions (ascending, with their values) of the ids in the bound plan; returns how many. */
  private gather(ids: Int32Array, pos: Int32Array, values?: Float64Array): number {
    let m = 0;
    for (let k = 0; k < ids.length; k++) {
      const p = pos[ids[k] as number] as number;
      if (p < 0) continue;
      if (m === this.scratchPos.length) {
        const grownP = new Int32Array(m * 2);
        grownP.set(this.scratchPos);
        this.scratchPos = grownP;
        const grownW = new Float64Array(m * 2);
        grownW.set(this.scratchW);
        this.scratchW = grownW;
      }
      const v = values ? (values[k] as number) : 0;
      let j = m++;
      while (j > 0 && (this.scratchPos[j - 1] as number) > p) {
        this.scratchPos[j] = this.scratchPos[j - 1] as number;
        this.scratchW[j] = this.scratchW[j - 1] as number;
        j--;
      }
      this.scratchPos[j] = p;
      this.scratchW[j] = v;
    }
    return m;
  }

  /** Unknown tokens of three or more characters → the closest known token (typo tolerance). */
  correct(tokens: string[], context: Map<string, number> = new Map()): QueryTokens {
    const fuzzy = new Map<string, number>();
    for (const t of tokens) {
      if (t.length < 3 || this.df.has(t)) continue;
      const best = this.closest(t);
      if (best && (best.score ?? 1) <= 0.34 && !tokens.includes(best.item)) {
        fuzzy.set(best.item, this.fuzzyWeight * (1 - (best.score ?? 0)));
      }
    }
    return { tokens, fuzzy, context };
  }

  /** The known word closest to a token of 3+ characters, among words one character shorter to one longer. */
  private closest(token: string): { item: string; score?: number } | undefined {
    const len = Array.from(token).length;
    let best: { item: string; score?: number } | undefined;
    for (const l of [len, len - 1, len + 1]) {
      if (l < 3 && l !== len - 1) continue;
      const hit = this.vocabulary.get(l)?.search(token, { limit: 1 })[0];
      if (hit && (best === undefined || (hit.score ?? 1) < (best.score ?? 1))) best = hit;
    }
    return best;
  }

  /**
   * The query side of a search, computed once: term weights in the order the exhaustive
   * search adds them (so sums round identically), bigram weights and norms.
   */
  /**
   * The query's character bigrams with their tf·idf weight, and the query vector's norm: a bigram
   * no utterance has counts in the norm at the largest idf (it makes every cosine smaller).
   * Shared by the exhaustive search and the pruned plan so both score alike.
   */
  private queryGrams(queryText: string): {
    known: Array<{ g: string; qw: number; idf: number }>;
    norm: number;
  } {
    const counts = new Map<string, number>();
    for (const g of bigrams(compact(queryText))) counts.set(g, (counts.get(g) ?? 0) + 1);
    let norm = 0;
    const known: Array<{ g: string; qw: number; idf: number }> = [];
    for (const [g, c] of counts) {
      const idf = this.bigramIdf.get(g);
      if (idf === undefined) {
        norm += (c * Math.log(1 + this.utterances.length)) ** 2;
        continue;
      }
      const qw = c * idf;
      norm += qw * qw;
      known.push({ g, qw, idf });
    }
    return { known, norm: Math.sqrt(norm) };
  }

  plan(query: QueryTokens, queryText: string): SearchPlan {
    const weights = new Map<string, number>();
    for (const t of query.tokens) weights.set(t, this.idf(t));
    for (const [t, f] of query.fuzzy) if (!weights.has(t)) weights.set(t, this.idf(t) * f);
    for (const [t, f] of query.context)
      if (!weights.has(t) && this.df.has(t)) weights.set(t, this.idf(t) * f);
    let queryWeight = 0;
    for (const [t, w] of weights) if (this.df.has(t)) queryWeight += w;
    const tokens: PlanTerm[] = [];
    for (const [t, w] of weights) {
      const entries = this.tokenEntries.get(t);
      if (entries)
        tokens.push({
          term: t,
          weight: w,
          idf: this.idf(t),
          entries,
          bm25: w * (this.bm25Factor.get(t) ?? 0),
          chars: 0,
          id: this.tokenId.get(t) as number,
        });
    }
    const { known, norm: qNorm } = this.queryGrams(queryText);
    const grams: PlanTerm[] = [];
    for (const { g, qw, idf } of known) {
      const entries = this.gramEntries.get(g);
      if (!entries) continue;
      grams.push({
        term: g,
        weight: qw,
        idf,
        entries,
        bm25: 0,
        chars: qw * (this.gramShare.get(g) ?? 1),
        id: this.gramId.get(g) as number,
      });
    }
    const ideal = [...weights.values()].reduce((s, w) => s + w * (K1 + 1), 0) || 1;
    let postings = 0;
    for (const t of weights.keys()) postings += this.tokenPostings.get(t)?.length ?? 0;
    for (const g of grams) postings += this.bigramPostings.get(g.term)?.ids.length ?? 0;
    return { weights, queryWeight, tokens, grams, qNorm, ideal, postings };
  }

  /** Does the entry use this query token / bigram (for upper bounds)? */
  entryHasToken(entryIndex: number, token: string): boolean {
    return (this.entryTf[entryIndex] as Map<string, number>).has(token);
  }

  entryHasGram(entryIndex: number, gram: string): boolean {
    return (this.entryGrams[entryIndex] as Set<string>).has(gram);
  }

  /**
   * One entry's features, exactly as `search` computes them (same sums in the same order,
   * the same best utterance); undefined when the entry shares no term with the query.
   * The plan must be bound (`bind`).
   */
  scoreEntry(plan: SearchPlan, entryIndex: number, queryFacets: Set<string>): Features | undefined {
    const f: Features = { entryIndex, overlap: 0, bm25: 0, chars: 0, matched: [], bestUtterance: '' };
    let touched = false;
    // `search` visits utterances in the order their first shared term's postings reach them:
    // ties keep the earliest, so the key is (position of the first shared term, utterance).
    let overlapKey = Number.POSITIVE_INFINITY;
    let charsKey = Number.POSITIVE_INFINITY;
    let charsText = '';
    const n = this.utterances.length;
    for (const u of this.entryUtterances[entryIndex] as number[]) {
      const utt = this.utterances[u] as Utterance;
      // Shared terms in query order: the same sums, rounded the same way, as `search`.
      let w = 0;
      let first = -1;
      let m = this.gather(this.uttTokenIds[u] as Int32Array, this.tokenPos);
      for (let k = 0; k < m; k++) w += (plan.tokens[this.scratchPos[k] as number] as PlanTerm).weight;
      if (m > 0) first = this.scratchPos[0] as number;
      if (first >= 0) {
        touched = true;
        const recall = plan.queryWeight > 0 ? w / plan.queryWeight : 0;
        const precision = utt.weight > 0 ? w / utt.weight : 0;
        const f1 = recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : 0;
        const key = first * n + u;
        if (f1 > f.overlap || (f1 === f.overlap && f1 > 0 && key < overlapKey)) {
          f.overlap = f1;
          f.bestUtterance = utt.text;
          overlapKey = key;
        }
      }
      let d = 0;
      first = -1;
      m = this.gather(this.uttGramIds[u] as Int32Array, this.gramPos, this.uttGramWeights[u]);
      for (let k = 0; k < m; k++)
        d += (plan.grams[this.scratchPos[k] as number] as PlanTerm).weight * (this.scratchW[k] as number);
      if (m > 0) first = this.scratchPos[0] as number;
      if (first >= 0) {
        touched = true;
        const cos = plan.qNorm > 0 ? d / (plan.qNorm * (this.bigramNorm[u] ?? 1)) : 0;
        if (cos > f.chars) f.chars = cos;
        const key = first * n + u;
        if (cos > 0 && key < charsKey) {
          charsKey = key;
          charsText = utt.text;
        }
      }
    }
    if (!touched) return undefined;
    if (!f.bestUtterance) f.bestUtterance = charsText;
    const tf = this.entryTf[entryIndex] as Map<string, number>;
    const len = this.entryLength[entryIndex] ?? 0;
    let score = 0;
    for (const [t, w] of plan.weights) {
      const c = tf.get(t);
      if (!c) continue;
      f.matched.push(t);
      score += (w * (c * (K1 + 1))) / (c + K1 * (1 - B + (B * len) / this.avgLength));
    }
    f.bm25 = score / plan.ideal;
    const agreement = this.facetAgreement(entryIndex, queryFacets);
    if (agreement !== undefined) f.facetAgreement = agreement;
    return f;
  }

  /** Share of the asked facets the entry talks about (undefined: none asked), as `search` computes it. */
  facetAgreement(entryIndex: number, queryFacets: Set<string>): number | undefined {
    if (queryFacets.size === 0) return undefined;
    const shares = this.entryFacets[entryIndex] as Map<string, number>;
    let sum = 0;
    for (const q of queryFacets) sum += Math.min(1, (shares.get(q) ?? 0) / this.facetShare);
    return sum / queryFacets.size;
  }

  /**
   * Score every entry that shares a token or a character bigram with the question: the
   * exhaustive reference of the pruned search (test/matcher/pruningEquivalence.test.ts).
   */
  search(query: QueryTokens, queryText: string, queryFacets: Set<string> = new Set()): Features[] {
    const weights = new Map<string, number>();
    for (const t of query.tokens) weights.set(t, this.idf(t));
    for (const [t, f] of query.fuzzy) if (!weights.has(t)) weights.set(t, this.idf(t) * f);
    for (const [t, f] of query.context)
      if (!weights.has(t) && this.df.has(t)) weights.set(t, this.idf(t) * f);
    // Recall is measured over what the vocabulary knows: words no entry uses (a disease,
    // a relative, the story around the question) are judged by the coverage factor instead.
    let queryWeight = 0;
    for (const [t, w] of weights) if (this.df.has(t)) queryWeight += w;

    // Token overlap per utterance.
    const inter = this.interAcc.reset();
    for (const [t, w] of weights) {
      for (const u of this.tokenPostings.get(t) ?? []) inter.add(u, w);
    }
    // Character bigrams per utterance.
    const { known, norm: qNorm } = this.queryGrams(queryText);
    const dot = this.dotAcc.reset();
    for (const { g, qw } of known) {
      const postings = this.bigramPostings.get(g);
      if (!postings) continue;
      const { ids, weights: ws } = postings;
      for (let k = 0; k < ids.length; k++) dot.add(ids[k] as number, qw * (ws[k] as number));
    }

    const byEntry = new Map<number, Features>();
    const touch = (entryIndex: number): Features => {
      let f = byEntry.get(entryIndex);
      if (!f) {
        f = { entryIndex, overlap: 0, bm25: 0, chars: 0, matched: [], bestUtterance: '' };
        byEntry.set(entryIndex, f);
      }
      return f;
    };
    for (let k = 0; k < inter.count; k++) {
      const u = inter.touched[k] as number;
      const w = inter.values[u] as number;
      const utt = this.utterances[u] as Utterance;
      const recall = queryWeight > 0 ? w / queryWeight : 0;
      const precision = utt.weight > 0 ? w / utt.weight : 0;
      const f1 = recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : 0;
      const f = touch(utt.entryIndex);
      if (f1 > f.overlap) {
        f.overlap = f1;
        f.bestUtterance = utt.text;
      }
    }
    for (let k = 0; k < dot.count; k++) {
      const u = dot.touched[k] as number;
      const d = dot.values[u] as number;
      const utt = this.utterances[u] as Utterance;
      const cos = qNorm > 0 ? d / (qNorm * (this.bigramNorm[u] ?? 1)) : 0;
      const f = touch(utt.entryIndex);
      if (cos > f.chars) {
        f.chars = cos;
        if (!f.bestUtterance) f.bestUtterance = utt.text;
      }
    }
    // BM25 against pooled utterances, divided by the score of a perfect match.
    const ideal = [...weights.values()].reduce((s, w) => s + w * (K1 + 1), 0) || 1;
    for (const f of byEntry.values()) {
      const tf = this.entryTf[f.entryIndex] as Map<string, number>;
      const len = this.entryLength[f.entryIndex] ?? 0;
      let score = 0;
      for (const [t, w] of weights) {
        const c = tf.get(t);
        if (!c) continue;
        f.matched.push(t);
        score += (w * (c * (K1 + 1))) / (c + K1 * (1 - B + (B * len) / this.avgLength));
      }
      f.bm25 = score / ideal;
      if (queryFacets.size > 0) {
        const shares = this.entryFacets[f.entryIndex] as Map<string, number>;
        let sum = 0;
        for (const q of queryFacets) sum += Math.min(1, (shares.get(q) ?? 0) / this.facetShare);
        f.facetAgreement = sum / queryFacets.size;
      }
    }
    return [...byEntry.values()];
  }
}
