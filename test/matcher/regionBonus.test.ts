import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import type { Knowledge } from '../../src/knowledge/types.js';
import { rank } from '../../src/matcher/rank.js';
import type { Features } from '../../src/matcher/retrieve.js';

let k: Knowledge;
beforeAll(() => {
  k = loadKnowledge(defaultKnowledgeDir, {});
});

const features = (id: string, level: number): Features => {
  const entryIndex = k.entries.findIndex((e) => e.id === id);
  if (entryIndex < 0) throw new Error(`no entry ${id}`);
  return { entryIndex, overlap: level, bm25: level, chars: level, matched: [], bestUtterance: '' };
};
const ctx = { policyRegion: 'jiangmen', anchored: true, coverage: 1 };

describe('region bonus', () => {
  it('ranks the asker’s own city entry clearly above its province’s entry on the same question', () => {
    const [first, second] = rank(
      k,
      [features('gd-retiree-materials', 0.5), features('jm-retiree-resident-materials', 0.5)],
      ctx,
    );
    expect(first?.entry.id).toBe('jm-retiree-resident-materials');
    expect((first?.score ?? 0) - (second?.score ?? 0)).toBeGreaterThanOrEqual(k.matcher.margin);
  });

  it('gives a weak match of the asker’s region only part of the bonus, so it stays under the floor', () => {
    const [weak] = rank(k, [features('jm-retiree-resident-materials', 0.15)], ctx);
    expect(weak?.score).toBeLessThan(k.matcher.floor);
    expect(weak?.regionEffect).toBeLessThan(k.matcher.region.match / 2);
    const [strong] = rank(k, [features('jm-retiree-resident-materials', 0.6)], ctx);
    expect(strong?.regionEffect).toBeCloseTo(k.matcher.region.match);
  });

  it('orders two entries that both reach the top score by how far they went over it', () => {
    const ranked = rank(
      k,
      [features('jm-retiree-resident-materials', 0.95), features('jm-class2-conditions', 1)],
      ctx,
    );
    expect(ranked.map((c) => c.score)).toEqual([1, 1]);
    expect(ranked[0]?.entry.id).toBe('jm-class2-conditions');
  });

  it('lowers a province entry when the asker’s own city has an entry on the same topic', () => {
    // gd-long-term-form and jm-retiree-resident-materials are both about materials.
    const [first] = rank(
      k,
      [features('gd-long-term-form', 0.62), features('jm-retiree-resident-materials', 0.5)],
      ctx,
    );
    expect(first?.entry.id).toBe('jm-retiree-resident-materials');
    const [alone] = rank(k, [features('gd-long-term-form', 0.62)], ctx);
    const [withOwn] = rank(
      k,
      [features('gd-long-term-form', 0.62), features('jm-retiree-resident-materials', 0.5)],
      ctx,
    ).filter((c) => c.entry.id === 'gd-long-term-form');
    expect((alone?.score ?? 0) - (withOwn?.score ?? 0)).toBeCloseTo(k.matcher.region.ownFirst);
  });
});
