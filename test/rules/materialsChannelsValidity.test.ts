// What to bring, where to file, how long it lasts: each picks the most specific region that
// has a rule (Jiangmen district → Jiangmen → Guangdong → national).
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import {
  channelsFor,
  constraintsFor,
  materialsFor,
  noFilingNeeded,
  settlementInfo,
  validityFor,
} from '../../src/rules/index.js';

const k = loadKnowledge(defaultKnowledgeDir);

const ids = <T extends { id: string }>(xs: T[]) => xs.map((x) => x.id);

describe('materialsFor: the most specific region’s sets', () => {
  it.each([
    // category, insured region, local class, expected set ids
    ['posted-worker', 'jiangmen', undefined, ['jm-class-2-posted']],
    ['posted-worker', 'xinhui', 'jm-class-2', ['jm-class-2-posted']],
    ['resettled-retiree', 'kaiping', 'jm-class-2', ['jm-class-2-resident']],
    ['long-term-resident', 'taishan', 'jm-class-2', ['jm-class-2-resident']],
    ['student', 'jiangmen', 'jm-class-2', ['jm-class-2-student']],
    ['referral', 'xinhui', 'jm-class-1', ['jm-class-1']],
    ['emergency', 'enping', 'jm-class-3', ['jm-class-3']],
    ['posted-worker', 'guangdong', undefined, ['gd-posted', 'gd-common']],
    ['posted-worker', 'foshan', undefined, ['gd-posted', 'gd-common']],
    ['posted-worker', 'shenzhen', undefined, ['gd-posted', 'gd-common']],
    ['resettled-retiree', 'guangzhou', undefined, ['gd-resettled', 'gd-common']],
    ['long-term-resident', 'shenzhen', undefined, ['gd-long-term', 'gd-common']],
    ['maternity', 'guangzhou', undefined, ['gd-maternity', 'gd-common']],
    ['emergency', 'guangdong', undefined, ['gd-emergency']],
    ['referral', 'guangzhou', undefined, ['gz-referral']],
    ['referral', 'shenzhen', undefined, ['gd-common']],
    ['referral', 'xingtai', undefined, ['xt-temporary-online', 'xt-basic-info']],
    ['posted-worker', 'xingtai', undefined, ['xt-basic-info']],
    ['emergency', 'nangong', undefined, ['xt-temporary-online', 'xt-basic-info']],
    ['referral', 'shanghai', undefined, ['nat-counter', 'nat-online']],
    ['resettled-retiree', 'shanghai', undefined, ['nat-counter', 'nat-online']],
    ['posted-worker', 'beijing', undefined, ['nat-counter', 'nat-online']],
    ['other-temporary', undefined, undefined, ['nat-counter', 'nat-online']],
  ] as const)('%s insured in %s (class %s) → %j', (category, region, localClass, expected) => {
    expect(ids(materialsFor(k, category, region, localClass))).toEqual(expected);
  });

  it('Jiangmen posted workers bring the posting certificate, not the Guangdong form', () => {
    const items = materialsFor(k, 'posted-worker', 'xinhui', 'jm-class-2').flatMap((s) => s.items);
    expect(items).toContain('单位派驻证明（写明工作原因、地点、时间）');
    expect(items.join()).not.toContain('《广东省异地就医备案登记表》');
  });

  it('Guangdong posted workers: the Guangdong form, the proof of posting, plus the common identity items', () => {
    const items = materialsFor(k, 'posted-worker', 'guangdong').flatMap((s) => s.items);
    expect(items).toEqual(
      expect.arrayContaining([
        '《广东省异地就医备案登记表》',
        '参保地工作单位派出证明、异地工作单位证明、工作合同三者任选其一，或个人承诺书',
        '本人身份证或社会保障卡（核实身份）',
      ]),
    );
  });

  it('every set cites a known document with a quote', () => {
    for (const set of k.materials) {
      expect(k.sources.has(set.source.doc), set.id).toBe(true);
      expect(set.source.quote.length, set.id).toBeGreaterThan(0);
      expect(set.items.length, set.id).toBeGreaterThan(0);
    }
  });
});

describe('channelsFor: where to file', () => {
  it.each(['jiangmen', 'xinhui', 'taishan'])(
    '%s class 1 (市外转院) → the referring hospital only',
    (region) => {
      const channels = channelsFor(k, {
        region,
        group: 'temporary',
        purpose: 'file',
        localClassId: 'jm-class-1',
      });
      expect(ids(channels)).toEqual(['referring-hospital']);
      expect(channels[0]?.steps.join()).toContain('医务科');
    },
  );

  it('class 1 only changes where to file: checking the status still uses the usual channels', () => {
    const status = channelsFor(k, { region: 'jiangmen', purpose: 'status', localClassId: 'jm-class-1' });
    expect(ids(status)).not.toContain('referring-hospital');
    expect(ids(status)).toContain('counter');
  });

  it('Jiangmen class 2: Jiangmen’s own channels, never the hospital', () => {
    const channels = ids(
      channelsFor(k, {
        region: 'xinhui',
        group: 'long-term',
        purpose: 'file',
        localClassId: 'jm-class-2',
        limit: 20,
      }),
    );
    expect(channels.slice(0, 4)).toEqual([
      'jiangmen-official-account',
      'jiangmen-app',
      'jiangmen-online-hall',
      'jiangmen-phone-line',
    ]);
    expect(channels).not.toContain('referring-hospital');
  });

  it('Xingtai temporary: Xingtai, then Hebei (incl. 河北智慧医保), then the counter, then national apps', () => {
    const channels = ids(
      channelsFor(k, { region: 'xingtai', group: 'temporary', purpose: 'file', limit: 20 }),
    );
    expect(channels).toContain('hebei-smart-yibao');
    expect(channels).toContain('counter');
    expect(channels.slice(0, 4)).toEqual([
      'xingtai-official-account',
      'hebei-smart-yibao',
      'hebei-official-account',
      'counter',
    ]);
    expect(channels.indexOf('counter')).toBeLessThan(channels.indexOf('nhsa-app'));
  });

  it('河北智慧医保 handles temporary filings only: not offered for a long-term filing', () => {
    const channels = ids(
      channelsFor(k, { region: 'xingtai', group: 'long-term', purpose: 'file', limit: 20 }),
    );
    expect(channels).not.toContain('hebei-smart-yibao');
    expect(channels).toContain('xingtai-official-account');
  });

  it.each([
    ['xingtai', 'temporary'],
    ['nangong', 'long-term'],
    ['kaiping', 'long-term'],
    ['guangzhou', 'long-term'],
    ['shenzhen', 'temporary'],
  ] as const)('%s (%s): every local channel comes before every national one', (region, group) => {
    const chain = k.regions.chain(region);
    const channels = channelsFor(k, { region, group, purpose: 'file', limit: 20 });
    const firstNational = channels.findIndex((c) => c.region === 'national');
    expect(firstNational).toBeGreaterThan(0);
    for (const c of channels.slice(firstNational)) expect(c.region, c.id).toBe('national');
    for (const c of channels) expect(chain, c.id).toContain(c.region);
  });

  it.each(['shanghai', 'beijing', undefined])('%s: only national channels, the counter first', (region) => {
    const channels = channelsFor(k, { region, group: 'long-term', purpose: 'file', limit: 20 });
    expect(channels[0]?.id).toBe('counter');
    for (const c of channels) expect(c.region).toBe('national');
  });

  it('no other region’s channels leak in (Guangdong’s 粤医保 is not offered to Xingtai)', () => {
    expect(
      ids(channelsFor(k, { region: 'xingtai', group: 'temporary', purpose: 'file', limit: 20 })),
    ).not.toContain('yue-yibao');
    expect(
      ids(channelsFor(k, { region: 'guangzhou', group: 'temporary', purpose: 'file', limit: 20 })),
    ).not.toContain('hebei-smart-yibao');
  });

  it('the limit is respected (the replies show at most four)', () => {
    expect(channelsFor(k, { region: 'xingtai', group: 'temporary', purpose: 'file', limit: 4 })).toHaveLength(
      4,
    );
    expect(
      channelsFor(k, { region: 'xingtai', group: 'temporary', purpose: 'file' }).length,
    ).toBeLessThanOrEqual(5);
  });

  it('other purposes: 12333 for consulting, the hospital list for hospitals', () => {
    expect(ids(channelsFor(k, { region: 'shanghai', purpose: 'consult' }))).toEqual([
      'counter',
      'hotline-12333',
    ]);
    expect(ids(channelsFor(k, { region: 'jiangmen', purpose: 'consult' }))[0]).toBe(
      'jiangmen-official-account',
    );
    expect(ids(channelsFor(k, { region: undefined, purpose: 'hospitals' }))).toEqual(['hospital-query']);
  });
});

describe('validityFor', () => {
  it.each([
    // group, region, kind, months, document
    ['temporary', 'xingtai', 'single-visit', undefined, 'xingtai-2021'],
    ['temporary', 'nangong', 'single-visit', undefined, 'xingtai-2021'],
    ['temporary', 'jiangmen', 'months', 6, 'national-guide'],
    ['temporary', 'guangzhou', 'months', 6, 'national-guide'],
    ['temporary', 'shanghai', 'months', 6, 'national-guide'],
    ['temporary', undefined, 'months', 6, 'national-guide'],
    ['long-term', 'xingtai', 'long-term', undefined, 'national-guide'],
    ['long-term', 'xinhui', 'long-term', undefined, 'national-guide'],
    ['long-term', 'shenzhen', 'long-term', undefined, 'national-guide'],
    ['long-term', 'shanghai', 'long-term', undefined, 'national-guide'],
  ] as const)('%s filing insured in %s → %s (%s months), per %s', (group, region, kind, months, doc) => {
    const v = validityFor(k, group, region);
    expect(v).toMatchObject({ kind, reason: { source: { doc } } });
    expect(v?.months).toBe(months);
  });

  it('the other region’s differing rule is named, so the user sees that rules vary', () => {
    expect(validityFor(k, 'temporary', 'xingtai')?.otherRules.map((r) => r.source.doc)).toEqual([
      'national-guide',
    ]);
    expect(validityFor(k, 'temporary', 'shanghai')?.otherRules.map((r) => r.source.doc)).toEqual([
      'xingtai-2021',
    ]);
    expect(validityFor(k, 'long-term', 'shanghai')?.otherRules).toEqual([]);
  });

  it('texts say it in words a citizen reads', () => {
    expect(validityFor(k, 'temporary', 'xingtai')?.reason.text).toContain('只管这一次外出就医');
    expect(validityFor(k, 'temporary', 'guangzhou')?.reason.text).toContain('不少于6个月');
    expect(validityFor(k, 'long-term', 'guangzhou')?.reason.text).toContain('长期有效');
  });
});

describe('constraintsFor', () => {
  it('Xingtai long-term: commit not to change the place for half a year', () => {
    const notes = constraintsFor(k, 'xingtai', ['long-term']);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toContain('半年内不变更异地就医地');
    expect(notes[0]?.source.doc).toBe('xingtai-2021');
  });

  it('Xingtai, already holding a long-term filing: a temporary filing before a hospital stay elsewhere', () => {
    const notes = constraintsFor(k, 'xindu', ['long-term', 'long-term-filer']).map((n) => n.text);
    expect(notes).toHaveLength(2);
    expect(notes[1]).toContain('另办临时外出就医备案');
  });

  it.each(['jiangmen', 'xinhui', 'kaiping'])(
    '%s class 1: the 60-day extension and the hospital’s 10-day late report',
    (region) => {
      const notes = constraintsFor(k, region, ['temporary', 'jm-class-1']).map((n) => n.text);
      expect(notes).toHaveLength(2);
      expect(notes[0]).toContain('超过60天');
      expect(notes[0]).toContain('延期申请');
      expect(notes[1]).toContain('10日内');
    },
  );

  it.each([
    ['xingtai', ['temporary']],
    ['jiangmen', ['long-term', 'jm-class-2']],
    ['jiangmen', ['temporary', 'jm-class-3']],
    ['shanghai', ['long-term']],
    ['guangzhou', ['long-term', 'jm-class-1']],
  ] as const)('%s %j → none', (region, keys) => {
    expect(constraintsFor(k, region, [...keys])).toEqual([]);
  });
});

describe('noFilingNeeded', () => {
  it.each(['guangdong', 'guangzhou', 'shenzhen', 'foshan'])(
    '%s emergency → no filing needed, with the caveat',
    (region) => {
      const r = noFilingNeeded(k, region, 'emergency');
      expect(r?.text).toContain('无需备案');
      expect(r?.text).toContain('请以参保地经办机构答复为准');
      expect(r?.source.doc).toBe('national-guide');
    },
  );

  it.each([
    ['xingtai', 'emergency'],
    ['shanghai', 'emergency'],
    [undefined, 'emergency'],
    ['guangdong', 'referral'],
    ['guangzhou', 'other-temporary'],
    ['shenzhen', 'posted-worker'],
  ] as const)('%s %s → a filing is needed', (region, category) => {
    expect(noFilingNeeded(k, region, category)).toBeUndefined();
  });
});

describe('settlementInfo', () => {
  it('Shenzhen gets its own documented example (100%)', () => {
    const info = settlementInfo(k, 'shenzhen');
    expect(info.example?.text).toContain('深圳');
    expect(info.example?.text).toContain('100%');
    expect(info.example?.source.doc).toBe('reimbursement-guide');
  });

  it.each(['guangzhou', 'guangdong', 'jiangmen', 'xingtai', 'shanghai', undefined])(
    '%s: no example (Shenzhen’s is not borrowed)',
    (region) => {
      expect(settlementInfo(k, region).example).toBeUndefined();
    },
  );

  it('catalogue of the treatment place, policy of the insured place, three steps with the card', () => {
    const info = settlementInfo(k, 'xingtai');
    expect(info.catalogue.text).toContain('就医地的医保目录');
    expect(info.policy.text).toContain('参保地的政策');
    expect(info.ratio.text).toContain('50%到100%');
    expect(info.steps).toHaveLength(3);
    expect(info.steps[1]?.text).toContain('社保卡');
    for (const r of [info.catalogue, info.policy, info.ratio, info.scope, ...info.steps])
      expect(k.sources.has(r.source.doc)).toBe(true);
  });
});
