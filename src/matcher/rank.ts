// Step 4 of the matcher pipeline: turn retrieval features into one score per entry and
// adjust it for what we know about the asker — their insured region, whether the message
// is about our domain at all, and how much of it our vocabulary understands.
import { entryAuthority } from '../knowledge/authority.js';
import type { FaqEntry, Knowledge } from '../knowledge/types.js';
import type { Features } from './retrieve.js';

export interface Candidate {
  entry: FaqEntry;
  score: number;
  features: Features;
  /** How the region rule moved the score (the curator's debugging view). */
  regionEffect: number;
}

export interface RankContext {
  /** Region whose rules the asker falls under (insured region, stated or inferred). */
  policyRegion?: string;
  /** The message or the conversation so far is about out-of-region care. */
  anchored: boolean;
  /** Share of the message's informative weight the vocabulary knows (0–1). */
  coverage: number;
}

export type RegionRelation = 'same' | 'encloses' | 'narrower' | 'national' | 'other' | 'unspecified';

/** How an entry's region relates to the asker's policy region. */
export function regionRelation(k: Knowledge, entryRegion: string, policyRegion?: string): RegionRelation {
  if (entryRegion === 'national') return 'national';
  if (!policyRegion) return 'unspecified';
  if (policyRegion === 'national') return 'other';
  const encloses = (outer: string, inner: string) => k.regions.within(inner, outer);
  if (entryRegion === policyRegion) return 'same';
  // A city's own entry beats its province's (江门 question → jiangmen entry over guangdong).
  if (encloses(entryRegion, policyRegion)) {
    const policy = k.regions.get(policyRegion);
    return policy?.level === 'district' && policy.parent === entryRegion ? 'same' : 'encloses';
  }
  if (encloses(policyRegion, entryRegion)) return 'narrower';
  return 'other';
}

export function rank(k: Knowledge, features: Features[], ctx: RankContext): Candidate[] {
  const s = k.matcher;
  const wSum = s.weights.bm25 + s.weights.overlap + s.weights.chars || 1;
  const coverageFactor = ctx.coverage >= s.minCoverage ? 0.6 + 0.4 * ctx.coverage : 0.75 * ctx.coverage;
  const anchorFactor = ctx.anchored ? 1 : s.noAnchor;
  const out: Candidate[] = [];
  const unclamped = new Map<string, number>();
  for (const f of features) {
    const entry = k.entries[f.entryIndex] as FaqEntry;
    const raw = (s.weights.bm25 * f.bm25 + s.weights.overlap * f.overlap + s.weights.chars * f.chars) / wSum;
    const relation = regionRelation(k, entry.region, ctx.policyRegion);
    const content = raw * coverageFactor * anchorFactor;
    // The region bonus orders entries that match the question; it must not lift a weak match
    // over the floor (邢台医保定点药店 is not about our 邢台 entries), so it grows with the content score
    // and shrinks like it for a message that is not about our domain (我是邢台参保的 only states a place).
    const bonusShare = Math.min(1, content / s.confident) * anchorFactor;
    const regionEffect0 =
      relation === 'same'
        ? s.region.match
        : relation === 'encloses' || relation === 'narrower'
          ? s.region.match * s.region.encloses
          : relation === 'other'
            ? s.region.mismatch
            : relation === 'unspecified'
              ? s.region.unspecified
              : 0;
    const regionEffect = regionEffect0 > 0 ? regionEffect0 * bonusShare : regionEffect0;
    // Agreeing facets (asked 材料, entry is about 材料) lift; an entry that never talks about
    // the asked facet drops.
    const facetEffect = f.facetAgreement === undefined ? 0 : s.facetWeight * (2 * f.facetAgreement - 1);
    const total = content + regionEffect + facetEffect;
    const score = Math.max(0, Math.min(1, total));
    out.push({ entry, score, features: f, regionEffect });
    unclamped.set(entry.id, total);
  }
  preferOfficial(k, out);
  preferOwnRegion(k, out, ctx.policyRegion);
  // Two entries both clamped at 1 are still ordered by how far above 1 they went.
  const over = (c: Candidate) => (c.score >= 1 ? (unclamped.get(c.entry.id) ?? 1) : c.score);
  return out.sort((a, b) => over(b) - over(a) || a.entry.id.localeCompare(b.entry.id));
}

/**
 * Official guidance leads: a forum-only entry scores `authority.forumPenalty` lower when an
 * official entry on the same topic is a candidate too (it may answer the same question). A
 * forum entry that alone answers its question (how many steps, which website) keeps its score.
 */
function preferOfficial(k: Knowledge, candidates: Candidate[]): void {
  const s = k.matcher;
  const officialTopics = new Set(
    candidates
      .filter((c) => c.score >= s.floor && entryAuthority(k, c.entry) === 'official')
      .map((c) => c.entry.topic),
  );
  for (const c of candidates)
    if (officialTopics.has(c.entry.topic) && entryAuthority(k, c.entry) === 'forum')
      c.score = Math.max(0, c.score - s.authority.forumPenalty);
}

/**
 * The asker's own city leads its province: an entry of an enclosing region (a Guangdong entry
 * for a 江门 asker) scores `region.ownFirst` lower when an entry of the asker's own region on
 * the same topic is a candidate too (江门 长期居住 要填哪张表 → 江门's form, not Guangdong's).
 */
function preferOwnRegion(k: Knowledge, candidates: Candidate[], policyRegion: string | undefined): void {
  const penalty = k.matcher.region.ownFirst;
  if (!policyRegion || penalty <= 0) return;
  const ownTopics = new Set(
    candidates
      .filter((c) => c.score >= k.matcher.floor && regionRelation(k, c.entry.region, policyRegion) === 'same')
      .map((c) => c.entry.topic),
  );
  for (const c of candidates)
    if (ownTopics.has(c.entry.topic) && regionRelation(k, c.entry.region, policyRegion) === 'encloses')
      c.score = Math.max(0, c.score - penalty);
}
