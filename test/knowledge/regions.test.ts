// The gazetteer as a tree: the one helper every region question goes through (the matcher's
// region bias, the slot filler, the rules, the source lines, the staff lookup's filter).
import { describe, expect, it } from 'vitest';
import { citedRegion } from '../../src/answers/compose.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import { Regions } from '../../src/knowledge/regions.js';

const k = loadKnowledge(defaultKnowledgeDir);
const regions = k.regions;

describe('Regions', () => {
  it.each([
    ['xinhui', ['xinhui', 'jiangmen', 'guangdong', 'national']],
    ['xingtai', ['xingtai', 'hebei', 'national']],
    ['national', ['national']],
    ['no-such-place', ['no-such-place']],
  ])('the ancestors of %s, most specific first', (id, chain) => {
    expect(regions.ancestors(id)).toEqual(chain);
  });

  it('the chain always ends with national, also for no region at all', () => {
    expect(regions.chain(undefined)).toEqual(['national']);
    expect(regions.chain('no-such-place')).toEqual(['no-such-place', 'national']);
    expect(regions.chain('jiangmen')).toEqual(['jiangmen', 'guangdong', 'national']);
  });

  it.each([
    ['xinhui', 'jiangmen', true],
    ['xinhui', 'xinhui', true],
    ['xinhui', 'national', true],
    ['jiangmen', 'xinhui', false],
    ['xingtai', 'guangdong', false],
    [undefined, 'national', true],
  ] as const)('%s within %s: %s', (inner, outer, expected) => {
    expect(regions.within(inner, outer)).toBe(expected);
  });

  it.each([
    ['xinhui', true],
    ['foshan', true],
    ['xingtai', true],
    ['shijiazhuang', true],
    ['beijing', false],
    ['national', false],
  ])('%s is covered by the documents (itself or an enclosing region): %s', (id, expected) => {
    expect(regions.covered(id)).toBe(expected);
  });

  it.each([
    ['xinhui', 'xinhui'],
    ['foshan', 'guangdong'],
    ['shijiazhuang', 'hebei'],
    ['beijing', 'national'],
    [undefined, 'national'],
  ] as const)('the rules governing %s are those of %s', (id, expected) => {
    expect(regions.ruleRegion(id)).toBe(expected);
  });

  it('a cycle in the data stops the walk instead of hanging', () => {
    const looped = new Regions([
      { id: 'a', name: 'A', aliases: [], level: 'city', parent: 'b', covered: false },
      { id: 'b', name: 'B', aliases: [], level: 'province', parent: 'a', covered: false },
    ]);
    expect(looped.ancestors('a')).toEqual(['a', 'b']);
    expect(looped.within('a', 'national')).toBe(true);
  });
});

describe('the region a source line names', () => {
  const doc = (id: string) => {
    const d = k.sources.get(id);
    if (!d) throw new Error(`no document ${id}`);
    return d;
  };

  it.each([
    ['jiangmen-2024', 'xingtai', '江门市'],
    ['national-guide', 'foshan', '广东省'],
    ['national-guide', 'guangdong', '广东省'],
    ['national-guide', 'jiangmen', '全国'],
    ['national-guide', 'xingtai', '全国'],
    ['reimbursement-guide', 'foshan', '全国'],
  ])('%s cited for %s → %s', (id, region, name) => {
    expect(k.regions.get(citedRegion(k, doc(id), region))?.name).toBe(name);
  });
});
