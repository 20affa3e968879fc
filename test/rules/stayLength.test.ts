// weighStay(): a stated stay at the insured region's residence minimum decides long-term
// residence when no category was hinted; shorter stays and stated categories stand.
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import { classify, weighStay } from '../../src/rules/index.js';

const k = loadKnowledge(defaultKnowledgeDir);

const ROWS: Array<[region: string, hints: string[], months: number | undefined, expected: string[]]> = [
  ['xingtai', [], 13, ['long-term-resident']],
  ['xingtai', [], 6, ['long-term-resident']],
  ['xingtai', [], 3, []],
  ['xingtai', [], undefined, []],
  ['jiangmen', [], 12, ['long-term-resident']],
  // No residence minimum of its own: categories.yaml stayLength.minMonths (6).
  ['shanghai', [], 8, ['long-term-resident']],
  ['shanghai', [], 5, []],
  // A category the user chose or hinted stands (outweighs is empty in the knowledge).
  ['xingtai', ['other-temporary'], 24, ['other-temporary']],
  ['jiangmen', ['emergency'], 12, ['emergency']],
];

describe('weighStay: the stated stay against the hints', () => {
  it.each(ROWS)('%s hints %j for %s months → %j', (region, hints, months, expected) => {
    expect(weighStay(k, hints, months, region)).toEqual(expected);
  });

  it('a curator listing other-temporary in outweighs lets a long stay outweigh its hint words', () => {
    const curated = {
      ...k,
      categories: {
        ...k.categories,
        stayLength: { ...k.categories.stayLength, outweighs: ['other-temporary'] },
      },
    };
    expect(weighStay(curated, ['other-temporary'], 14, 'xingtai')).toEqual([
      'long-term-resident',
      'other-temporary',
    ]);
    expect(weighStay(curated, ['other-temporary'], 2, 'xingtai')).toEqual(['other-temporary']);
  });

  it('classify decides long-term residence from the stay alone (邢台: with its half-year rule as reason)', () => {
    const r = classify(k, { insuredRegion: 'xingtai', categoryHints: [], durationMonths: 14 });
    expect(r.status).toBe('decided');
    if (r.status !== 'decided') return;
    expect(r.category.id).toBe('long-term-resident');
    expect(r.reasons.map((x) => x.text).join('')).toContain('半年');
    const jm = classify(k, { insuredRegion: 'jiangmen', categoryHints: [], durationMonths: 14 });
    expect(jm.status === 'decided' && jm.localClass?.id).toBe('jm-class-2');
    expect(classify(k, { insuredRegion: 'xingtai', categoryHints: [], durationMonths: 3 }).status).toBe(
      'need',
    );
  });
});
