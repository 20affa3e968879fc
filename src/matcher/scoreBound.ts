// The most an entry can score in rank() given an upper bound of each retrieval feature:
// rank's formula, with either the entry's own region and facet effect or the best any entry
// could get. Pruned retrieval skips entries whose bound is below the scores already found;
// the equivalence test (test/matcher/pruningEquivalence.test.ts) fails if this drifts from
// rank.ts.
import type { FaqEntry, Knowledge } from '../knowledge/types.js';
import { type RankContext, regionRelation } from './rank.js';

export interface FeatureBounds {
  bm25: number;
  overlap: number;
  chars: number;
}

/** Room for rounding: a bound must never come out below the score it bounds. */
const EPSILON = 1e-9;

export class ScoreBound {
  private readonly scale: number;
  /** The largest region + facet effect of any entry. */
  readonly maxOffset: number;
  private readonly w: { bm25: number; overlap: number; chars: number };
  private readonly regionEffects = new Map<string, number>();

  constructor(
    private readonly k: Knowledge,
    private readonly ctx: RankContext,
    hasFacets: boolean,
  ) {
    const s = k.matcher;
    const wSum = s.weights.bm25 + s.weights.overlap + s.weights.chars || 1;
    const coverageFactor = ctx.coverage >= s.minCoverage ? 0.6 + 0.4 * ctx.coverage : 0.75 * ctx.coverage;
    const anchorFactor = ctx.anchored ? 1 : s.noAnchor;
    this.scale = (coverageFactor * anchorFactor) / wSum;
    this.w = s.weights;
    const regionMax = Math.max(0, s.region.match, s.region.mismatch, s.region.unspecified);
    this.maxOffset = regionMax + (hasFacets ? s.facetWeight : 0);
  }

  /** The entry's region and facet effect, as rank() adds them. */
  offset(entry: FaqEntry, facetAgreement: number | undefined): number {
    let region = this.regionEffects.get(entry.region);
    if (region === undefined) {
      const r = this.k.matcher.region;
      const relation = regionRelation(this.k, entry.region, this.ctx.policyRegion);
      region =
        relation === 'same'
          ? r.match
          : relation === 'encloses' || relation === 'narrower'
            ? r.match / 2
            : relation === 'other'
              ? r.mismatch
              : relation === 'unspecified'
                ? r.unspecified
                : 0;
      this.regionEffects.set(entry.region, region);
    }
    const facet = facetAgreement === undefined ? 0 : this.k.matcher.facetWeight * (2 * facetAgreement - 1);
    return region + facet;
  }

  of(b: FeatureBounds, offset = this.maxOffset): number {
    const raw = this.w.bm25 * b.bm25 + this.w.overlap * b.overlap + this.w.chars * b.chars;
    return Math.max(0, Math.min(1, raw * this.scale + offset)) + EPSILON;
  }
}
