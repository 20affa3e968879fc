// Retrieval that prunes (issue 14): only entries that can still reach the top `limit` after
// ranking are scored, so a query's cost follows its terms, not the size of the knowledge.
// Max-score style: terms are ordered by the most each can add. The entries of the strongest
// terms are scored first, which gives the `limit`-th score to beat; the weakest terms whose
// sum could not lift an entry above it are "non-essential": an entry only they reach cannot
// enter. Entries of the essential terms get an upper bound (their essential terms plus all the
// non-essential ones) and are scored exactly, best bound first, until the bound falls below
// the score to beat. The top `limit` after rank() are the exhaustive search's, score for score.
import { entryAuthority } from '../knowledge/authority.js';
import type { FaqEntry, Knowledge } from '../knowledge/types.js';
import { type RankContext, rank, regionRelation } from './rank.js';
import type { Features, PlanTerm, QueryTokens, RetrievalIndex, SearchPlan } from './retrieve.js';
import { type FeatureBounds, ScoreBound } from './scoreBound.js';

/** The parts of an upper bound a set of terms gives: BM25, overlap weight, bigram sums. */
interface Parts {
  bm: number;
  w: number;
  g2: number;
  gr: number;
}

const add = (a: Parts, b: Parts): Parts => ({
  bm: a.bm + b.bm,
  w: a.w + b.w,
  g2: a.g2 + b.g2,
  gr: a.gr + b.gr,
});

interface TermRef {
  term: PlanTerm;
  isToken: boolean;
  bound: number;
}

/**
 * Postings (utterances × query terms) up to which the exhaustive search is faster than
 * pruning (measured: the knowledge ×1 walks 200–5,000 per query, ×20 4,000–100,000). A
 * cost switch only: both paths give the same result.
 */
const EXHAUSTIVE_UP_TO = 6000;

interface AuthorityTables {
  /** Each topic's official entries (a forum entry's penalty depends on them). */
  official: Map<string, number[]>;
  forum: Uint8Array;
}

const authorityCache = new WeakMap<Knowledge, AuthorityTables>();

function authorityTables(k: Knowledge): AuthorityTables {
  let tables = authorityCache.get(k);
  if (!tables) {
    tables = { official: new Map(), forum: new Uint8Array(k.entries.length) };
    for (const [i, e] of k.entries.entries()) {
      if (entryAuthority(k, e) === 'forum') {
        tables.forum[i] = 1;
        continue;
      }
      const list = tables.official.get(e.topic) ?? [];
      if (list.length === 0) tables.official.set(e.topic, list);
      list.push(i);
    }
    authorityCache.set(k, tables);
  }
  return tables;
}

/** Per-entry arrays reused by every search of an index (searches are synchronous). */
interface Scratch {
  seen: Uint8Array;
  bm: Float64Array;
  w: Float64Array;
  g2: Float64Array;
  gr: Float64Array;
  /** Entries touched by the last search (reset before the next). */
  touched: number[];
}

const scratchCache = new WeakMap<RetrievalIndex, Scratch>();

function scratchOf(index: RetrievalIndex, size: number): Scratch {
  let s = scratchCache.get(index);
  if (!s) {
    s = {
      seen: new Uint8Array(size),
      bm: new Float64Array(size),
      w: new Float64Array(size),
      g2: new Float64Array(size),
      gr: new Float64Array(size),
      touched: [],
    };
    scratchCache.set(index, s);
  }
  for (const e of s.touched) {
    s.seen[e] = 0;
    s.bm[e] = 0;
    s.w[e] = 0;
    s.g2[e] = 0;
    s.gr[e] = 0;
  }
  s.touched.length = 0;
  return s;
}

/** The `limit` best lower bounds seen, ascending; `threshold` is the smallest once full. */
class TopScores {
  private readonly scores: number[] = [];
  constructor(private readonly limit: number) {}

  add(score: number): void {
    const s = this.scores;
    if (s.length === this.limit && score <= (s[0] as number)) return;
    let i = 0;
    while (i < s.length && (s[i] as number) < score) i++;
    s.splice(i, 0, score);
    if (s.length > this.limit) s.shift();
  }

  get threshold(): number {
    return this.scores.length < this.limit ? Number.NEGATIVE_INFINITY : (this.scores[0] as number);
  }
}

export function prunedSearch(
  k: Knowledge,
  index: RetrievalIndex,
  query: QueryTokens,
  text: string,
  queryFacets: Set<string>,
  ctx: RankContext,
  limit: number,
  /** Prune however few the postings (tests of the pruned path). */
  alwaysPrune = false,
): Features[] {
  const plan = index.plan(query, text);
  // Few postings: walking them all is cheaper than bounding (the result is the same).
  if (!alwaysPrune && plan.postings <= EXHAUSTIVE_UP_TO) return index.search(query, text, queryFacets);
  index.bind(plan);
  try {
    return searchBound(k, index, plan, queryFacets, ctx, limit);
  } finally {
    index.unbind(plan);
  }
}

function searchBound(
  k: Knowledge,
  index: RetrievalIndex,
  plan: SearchPlan,
  queryFacets: Set<string>,
  ctx: RankContext,
  limit: number,
): Features[] {
  const bound = new ScoreBound(k, ctx, queryFacets.size > 0);
  // F1 = 2w/(Q+U) ≤ 2w/(Q+max(w, U_min)) when every query weight is at most the token's idf (U ≥ w).
  const withinIdf = plan.tokens.every((t) => t.weight <= t.idf);
  const q = plan.queryWeight;
  const featureBounds = (p: Parts, uMin = 0): FeatureBounds => {
    const overlap =
      q > 0 ? (withinIdf ? (2 * p.w) / (q + Math.max(p.w, uMin)) : Math.min(2, (2 * p.w) / q)) : 0;
    const chars = plan.qNorm > 0 ? Math.min(1, Math.sqrt(p.g2) / plan.qNorm, p.gr / plan.qNorm) : 0;
    return { bm25: p.bm / plan.ideal, overlap, chars };
  };
  const partsOf = (t: PlanTerm, isToken: boolean): Parts =>
    isToken ? { bm: t.bm25, w: t.weight, g2: 0, gr: 0 } : { bm: 0, w: 0, g2: t.weight ** 2, gr: t.chars };
  const terms: TermRef[] = [
    ...plan.tokens.map((t) => ({ term: t, isToken: true, bound: bound.of(featureBounds(partsOf(t, true))) })),
    ...plan.grams.map((g) => ({
      term: g,
      isToken: false,
      bound: bound.of(featureBounds(partsOf(g, false))),
    })),
  ].sort((a, b) => b.bound - a.bound);
  const n = terms.length;
  // The parts of terms[i..] summed: the most an entry reached only by them can have.
  const rest: Parts[] = new Array(n + 1);
  rest[n] = { bm: 0, w: 0, g2: 0, gr: 0 };
  for (let i = n - 1; i >= 0; i--) {
    const t = terms[i] as TermRef;
    rest[i] = add(rest[i + 1] as Parts, partsOf(t.term, t.isToken));
  }

  const { official, forum } = authorityTables(k);
  const penalty = k.matcher.authority.forumPenalty;
  const ownPenalty = ctx.policyRegion ? k.matcher.region.ownFirst : 0;
  const encloses = (e: number): boolean =>
    ownPenalty > 0 && regionRelation(k, (k.entries[e] as FaqEntry).region, ctx.policyRegion) === 'encloses';
  const top = new TopScores(limit);
  const { seen, bm, w, g2, gr, touched } = scratchOf(index, k.entries.length);
  const found: Features[] = [];
  const s0Of = (f: Features) => (rank(k, [f], ctx)[0] as { score: number }).score;
  const score = (e: number): void => {
    const f = index.scoreEntry(plan, e, queryFacets);
    if (!f) return;
    found.push(f);
    const s0 = s0Of(f);
    // A forum entry may still lose the forum penalty, an entry of the asker's enclosing region
    // rank's own-region penalty (preferOwnRegion): count each at its lowest.
    const ownFirst = encloses(e) ? ownPenalty : 0;
    top.add(Math.max(0, s0 - (forum[e] === 1 ? penalty : 0) - ownFirst));
  };

  // Bound of entry e from the terms in [from, n) it has plus `parts` (of the terms before).
  // Sorted position of each plan token / bigram (plan position → index in `terms`).
  const tokenOrder = new Int32Array(plan.tokens.length);
  const gramOrder = new Int32Array(plan.grams.length);
  terms.forEach((t, order) => {
    (t.isToken ? tokenOrder : gramOrder)[
      t.isToken ? plan.tokens.indexOf(t.term) : plan.grams.indexOf(t.term)
    ] = order;
  });
  const boundOf = (e: number, parts: Parts, from: number): number => {
    const p: Parts = { ...parts };
    const tokenIds = index.entryTokenIds[e] as Int32Array;
    for (let j = 0; j < tokenIds.length; j++) {
      const pos = index.tokenPos[tokenIds[j] as number] as number;
      if (pos < 0 || (tokenOrder[pos] as number) < from) continue;
      const t = plan.tokens[pos] as PlanTerm;
      p.bm += t.bm25;
      p.w += t.weight;
    }
    const gramIds = index.entryGramIds[e] as Int32Array;
    for (let j = 0; j < gramIds.length; j++) {
      const pos = index.gramPos[gramIds[j] as number] as number;
      if (pos < 0 || (gramOrder[pos] as number) < from) continue;
      const g = plan.grams[pos] as PlanTerm;
      p.g2 += g.weight ** 2;
      p.gr += g.chars;
    }
    const offset = bound.offset(k.entries[e] as FaqEntry, index.facetAgreement(e, queryFacets));
    return bound.of(featureBounds(p, index.entryMinWeight[e] ?? 0), offset);
  };
  const none: Parts = { bm: 0, w: 0, g2: 0, gr: 0 };

  // 1. The strongest terms' entries (at least `limit` of them), best bound first: the first
  // `limit` scored give the score to beat.
  const pool: number[] = [];
  let i = 0;
  for (; i < n && pool.length < limit; i++) {
    const { entries } = (terms[i] as TermRef).term;
    for (let j = 0; j < entries.length; j++) {
      const e = entries[j] as number;
      if (seen[e] === 1) continue;
      seen[e] = 1;
      touched.push(e);
      pool.push(e);
    }
  }
  const pooled = pool.map((e) => ({ e, bound: boundOf(e, none, 0) })).sort((a, b) => b.bound - a.bound);
  for (const { e, bound: b } of pooled) {
    if (b < top.threshold) break;
    score(e);
  }
  // 2. Essential terms: up to the first suffix that cannot beat the threshold. Their entries'
  // parts are summed term by term; the non-essential terms are counted in full.
  let cut = i;
  while (cut < n && bound.of(featureBounds(rest[cut] as Parts)) >= top.threshold) cut++;
  const reached: number[] = [];
  const acc = { bm, w, g2, gr };
  for (let t = i; t < cut; t++) {
    const ref = terms[t] as TermRef;
    const p = partsOf(ref.term, ref.isToken);
    const { entries } = ref.term;
    for (let j = 0; j < entries.length; j++) {
      const e = entries[j] as number;
      if (seen[e] === 1) continue;
      if (seen[e] === 0) {
        seen[e] = 2;
        touched.push(e);
        reached.push(e);
      }
      acc.bm[e] = (acc.bm[e] as number) + p.bm;
      acc.w[e] = (acc.w[e] as number) + p.w;
      acc.g2[e] = (acc.g2[e] as number) + p.g2;
      acc.gr[e] = (acc.gr[e] as number) + p.gr;
    }
  }
  const restCut = rest[cut] as Parts;
  const partsAt = (e: number): Parts => ({
    bm: acc.bm[e] as number,
    w: acc.w[e] as number,
    g2: acc.g2[e] as number,
    gr: acc.gr[e] as number,
  });
  const theta = top.threshold;
  const coarse: Array<{ e: number; bound: number }> = [];
  for (const e of reached) {
    const b = bound.of(featureBounds(add(partsAt(e), restCut)), bound.maxOffset);
    if (b >= theta) coarse.push({ e, bound: b });
  }
  coarse.sort((a, b) => b.bound - a.bound);
  // 3. Reached entries, best coarse bound first, while it can still beat the threshold; each is
  // bounded again with the non-essential terms it really has, its region, facets and
  // shortest utterance, and scored when that bound still passes.
  for (const { e, bound: b } of coarse) {
    if (b < top.threshold) break;
    if (boundOf(e, partsAt(e), cut) < top.threshold) continue;
    score(e);
  }
  // An official entry scoring at least the floor lowers a forum entry of its topic (rank's
  // preferOfficial): when pruning could have dropped such an entry, score its topic's officials.
  if (top.threshold > k.matcher.floor)
    completeTopics(
      k,
      index,
      found,
      official,
      forum,
      (f) => s0Of(f),
      (e) => index.scoreEntry(plan, e, queryFacets),
    );
  // Likewise an own-region entry at the floor lowers an enclosing region's entry of its topic
  // (rank's preferOwnRegion): score the own-region entries of those topics too.
  if (top.threshold > k.matcher.floor && ownPenalty > 0) {
    const have = new Set(found.map((f) => f.entryIndex));
    const topics = new Set(
      found.filter((f) => encloses(f.entryIndex)).map((f) => k.entries[f.entryIndex]?.topic),
    );
    for (const [e, entry] of k.entries.entries()) {
      if (have.has(e) || !topics.has(entry.topic)) continue;
      if (regionRelation(k, entry.region, ctx.policyRegion) !== 'same') continue;
      const extra = index.scoreEntry(plan, e, queryFacets);
      if (extra) found.push(extra);
    }
  }
  return found;
}

function completeTopics(
  k: Knowledge,
  index: RetrievalIndex,
  found: Features[],
  official: Map<string, number[]>,
  forum: Uint8Array,
  s0Of: (f: Features) => number,
  scoreEntry: (e: number) => Features | undefined,
): void {
  void index;
  const have = new Set(found.map((f) => f.entryIndex));
  const done = new Set<string>();
  for (const f of found)
    if (forum[f.entryIndex] !== 1 && s0Of(f) >= k.matcher.floor)
      done.add((k.entries[f.entryIndex] as FaqEntry).topic);
  for (const f of [...found]) {
    if (forum[f.entryIndex] !== 1) continue;
    const topic = (k.entries[f.entryIndex] as FaqEntry).topic;
    if (done.has(topic)) continue;
    done.add(topic);
    for (const e of official.get(topic) ?? []) {
      if (have.has(e)) continue;
      const extra = scoreEntry(e);
      if (extra) {
        found.push(extra);
        have.add(e);
      }
    }
  }
}
