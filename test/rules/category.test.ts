// classify(): every person category × insured region. Jiangmen numbers its own classes,
// Xingtai and the national rule need a duration for some long-term kinds, the national
// retiree definition needs the household moved; missing facts are asked for, never guessed.
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import { type CategoryResult, classify, localClassFor, type Situation } from '../../src/rules/index.js';

const k = loadKnowledge(defaultKnowledgeDir);

const CATEGORIES = [
  'resettled-retiree',
  'long-term-resident',
  'posted-worker',
  'migrant-worker',
  'entrepreneur',
  'student',
  'referral',
  'emergency',
  'other-temporary',
  'maternity',
] as const;
type CategoryId = (typeof CATEGORIES)[number];

/** A compact picture of a result: "decided posted-worker jm-class-2", "need duration", … */
function summary(r: CategoryResult): string {
  switch (r.status) {
    case 'need':
      return `need ${r.slot}`;
    case 'decided':
      return ['decided', r.category.id, r.localClass?.id].filter(Boolean).join(' ');
    case 'too-short':
      return `too-short ${r.category.id} → ${r.fallback.id}`;
    case 'not-covered':
      return `not-covered ${r.category.id}`;
  }
}

function situation(region: string | undefined, hint: string | undefined, extra: Partial<Situation> = {}) {
  return { insuredRegion: region, categoryHints: hint ? [hint] : [], ...extra };
}

/** Facts that settle every follow-up question: a long stay, household moved. */
const SETTLED: Partial<Situation> = { durationMonths: 24, householdMoved: true };

// The expected outcome per category once the follow-up facts are known (SETTLED).
const JIANGMEN: Record<CategoryId, string> = {
  'resettled-retiree': 'decided resettled-retiree jm-class-2',
  'long-term-resident': 'decided long-term-resident jm-class-2',
  'posted-worker': 'decided posted-worker jm-class-2',
  // Jiangmen names no 务工/创业 class: they count as long-term residence (class 2).
  'migrant-worker': 'decided long-term-resident jm-class-2',
  entrepreneur: 'decided long-term-resident jm-class-2',
  student: 'decided student jm-class-2',
  referral: 'decided referral jm-class-1',
  emergency: 'decided emergency jm-class-3',
  'other-temporary': 'not-covered other-temporary',
  maternity: 'not-covered maternity',
};
const XINGTAI: Record<CategoryId, string> = {
  'resettled-retiree': 'decided resettled-retiree',
  'long-term-resident': 'decided long-term-resident',
  'posted-worker': 'decided posted-worker',
  'migrant-worker': 'decided migrant-worker',
  entrepreneur: 'decided entrepreneur',
  // Students are a Jiangmen class; elsewhere they are long-term residents.
  student: 'decided long-term-resident',
  referral: 'decided referral',
  emergency: 'decided emergency',
  'other-temporary': 'decided other-temporary',
  // Maternity filing is a Guangdong kind; elsewhere it is another temporary visit.
  maternity: 'decided other-temporary',
};
// 外出务工 / 就业创业 are Xingtai's own kinds; elsewhere they are long-term residence.
const NATIONAL: Record<CategoryId, string> = {
  ...XINGTAI,
  'migrant-worker': 'decided long-term-resident',
  entrepreneur: 'decided long-term-resident',
};
const GUANGDONG: Record<CategoryId, string> = {
  ...NATIONAL,
  maternity: 'decided maternity',
};

const TABLE: Array<[region: string, expected: Record<CategoryId, string>]> = [
  ['jiangmen', JIANGMEN],
  ['xinhui', JIANGMEN],
  ['taishan', JIANGMEN],
  ['xingtai', XINGTAI],
  ['xindu', XINGTAI],
  ['guangdong', GUANGDONG],
  ['guangzhou', GUANGDONG],
  ['shenzhen', GUANGDONG],
  ['foshan', GUANGDONG],
  ['shanghai', NATIONAL],
  ['beijing', NATIONAL],
];

const ROWS = TABLE.flatMap(([region, expected]) =>
  CATEGORIES.map((category) => [region, category, expected[category]] as const),
);

describe('classify: every category × insured region, follow-up facts known', () => {
  it.each(ROWS)('%s × %s → %s', (region, category, expected) => {
    expect(summary(classify(k, situation(region, category, SETTLED)))).toBe(expected);
  });
});

describe('Jiangmen: the local class, its name and who files', () => {
  it.each([
    ['referral', 'jm-class-1', '第一类', '市外转院申请', '《江门市基本医疗保险市外转院(诊)申请表》'],
    [
      'posted-worker',
      'jm-class-2',
      '第二类',
      '单位派驻、异地安置退休或市外长期居住',
      '《江门市基本医疗保险异地就医医疗机构申请表》',
    ],
    [
      'emergency',
      'jm-class-3',
      '第三类',
      '外出期间急病就医',
      '《江门市基本医疗保险非定点医疗机构就医申请表》',
    ],
  ] as const)('%s → %s %s（%s）', (category, id, name, label, form) => {
    const r = classify(k, situation('kaiping', category, SETTLED));
    expect(r.status).toBe('decided');
    if (r.status === 'decided') expect(r.localClass).toMatchObject({ id, name, label, form });
  });

  it('class 1 is filed by the hospital, not by the insured person', () => {
    const r = classify(k, situation('jiangmen', 'referral'));
    expect(r.status === 'decided' && r.localClass?.filedBy).toContain('医务科');
  });

  it.each(['jiangmen', 'xinhui', 'heshan'])(
    '%s: a student with no duration is class 2 right away',
    (region) => {
      expect(summary(classify(k, situation(region, 'student')))).toBe('decided student jm-class-2');
    },
  );

  it.each(['jiangmen', 'enping'])(
    '%s: a retiree needs neither a duration nor the household (own definition)',
    (region) => {
      expect(summary(classify(k, situation(region, 'resettled-retiree')))).toBe(
        'decided resettled-retiree jm-class-2',
      );
    },
  );

  it.each([
    ['long-term-resident', 'need duration'],
    ['posted-worker', 'need duration'],
    ['migrant-worker', 'need duration'],
  ] as const)('%s with no duration → %s', (category, expected) => {
    expect(summary(classify(k, situation('xinhui', category)))).toBe(expected);
  });

  it.each([
    // Under six months the temporary fallback would be "other temporary", which Jiangmen's
    // three classes do not list: the answer says so instead of promising a filing.
    [3, 'not-covered other-temporary'],
    [5, 'not-covered other-temporary'],
    [6, 'decided posted-worker jm-class-2'],
    [13, 'decided posted-worker jm-class-2'],
  ] as const)('posted worker in Xinhui, %i months → %s', (months, expected) => {
    expect(summary(classify(k, situation('xinhui', 'posted-worker', { durationMonths: months })))).toBe(
      expected,
    );
  });

  it.each(['long-term-resident', 'migrant-worker', 'posted-worker'])(
    'Jiangmen %s away under six months: not covered, with the six-month rule as the reason',
    (category) => {
      const r = classify(k, situation('taishan', category, { durationMonths: 2 }));
      expect(summary(r)).toBe('not-covered other-temporary');
      expect(r.reasons).toHaveLength(1);
      expect(r.reasons[0]?.text).toMatch(/6个月以上|半年以上/);
      expect(r.reasons[0]?.source.doc).toBe('jiangmen-2024');
    },
  );

  it('Jiangmen, under six months but fallen ill while away: the emergency fallback is class 3', () => {
    const r = classify(k, {
      insuredRegion: 'xinhui',
      categoryHints: ['posted-worker', 'emergency'],
      durationMonths: 3,
    });
    expect(summary(r)).toBe('too-short posted-worker → emergency');
    if (r.status === 'too-short') expect(localClassFor(k, r.fallback.id, 'xinhui')?.id).toBe('jm-class-3');
  });

  it('other temporary visits are not one of the three classes: the reply lists the classes', () => {
    const r = classify(k, situation('taishan', 'other-temporary'));
    expect(r.status).toBe('not-covered');
    expect(r.reasons).toHaveLength(3);
    for (const reason of r.reasons) expect(reason.source.doc).toBe('jiangmen-2024');
  });

  it.each(['jiangmen', 'xinhui', 'enping'])(
    '%s: no too-short outcome names a filing Jiangmen does not list',
    (region) => {
      for (const category of CATEGORIES)
        for (const durationMonths of [1, 3, 5]) {
          const r = classify(k, situation(region, category, { durationMonths }));
          if (r.status === 'too-short')
            expect(localClassFor(k, r.fallback.id, region), category).toBeDefined();
        }
    },
  );
});

describe('Xingtai: long-term kinds need half a year or more', () => {
  const LONG_TERM = [
    'resettled-retiree',
    'long-term-resident',
    'posted-worker',
    'migrant-worker',
    'entrepreneur',
  ];

  it.each(LONG_TERM)('%s, 5 months → too short, a temporary filing fits instead', (category) => {
    const r = classify(k, situation('xingtai', category, { durationMonths: 5 }));
    expect(r.status).toBe('too-short');
    if (r.status === 'too-short') {
      expect(r.category.id).toBe(category);
      expect(r.fallback.id).toBe('other-temporary');
      expect(r.fallback.group).toBe('temporary');
      expect(r.reasons[0]?.text).toContain('半年及以上');
      expect(r.reasons[0]?.source.doc).toBe('xingtai-2021');
    }
  });

  it.each(LONG_TERM)('%s, exactly 6 months → decided', (category) => {
    const r = classify(k, situation('xingtai', category, { durationMonths: 6 }));
    expect(summary(r)).toBe(`decided ${category}`);
    if (r.status === 'decided') expect(r.reasons.map((x) => x.source.doc)).toContain('xingtai-2021');
  });

  it.each(LONG_TERM)(
    '%s, duration unknown → need duration (with the 6-month rule as the lead)',
    (category) => {
      const r = classify(k, situation('xingtai', category));
      expect(summary(r)).toBe('need duration');
      expect(r.reasons[0]?.text).toContain('半年及以上');
    },
  );

  it.each(LONG_TERM)(
    '%s, called long-term without a number → decided, the rule kept as a caveat',
    (category) => {
      const r = classify(k, situation('xingtai', category, { statedLongTerm: true }));
      expect(summary(r)).toBe(`decided ${category}`);
      if (r.status === 'decided') expect(r.caveats.map((c) => c.source.doc)).toEqual(['xingtai-2021']);
    },
  );

  it('an emergency hint makes the fallback an emergency filing', () => {
    const r = classify(k, {
      insuredRegion: 'xingtai',
      categoryHints: ['long-term-resident', 'emergency'],
      durationMonths: 2,
    });
    expect(summary(r)).toBe('too-short long-term-resident → emergency');
  });

  it('a Xingtai retiree is never asked about the household (Xingtai defines retirees itself)', () => {
    expect(summary(classify(k, situation('xingtai', 'resettled-retiree', { durationMonths: 12 })))).toBe(
      'decided resettled-retiree',
    );
  });
});

describe('national / Guangdong: posted workers need 6 months, retirees need the household moved', () => {
  const REGIONS = ['shanghai', 'beijing', 'guangdong', 'guangzhou', 'shenzhen'];

  it.each(REGIONS)('%s posted worker: unknown → need duration; 5 → too short; 6 → decided', (region) => {
    expect(summary(classify(k, situation(region, 'posted-worker')))).toBe('need duration');
    expect(summary(classify(k, situation(region, 'posted-worker', { durationMonths: 5 })))).toBe(
      'too-short posted-worker → other-temporary',
    );
    const decided = classify(k, situation(region, 'posted-worker', { durationMonths: 6 }));
    expect(summary(decided)).toBe('decided posted-worker');
    if (decided.status === 'decided') expect(decided.reasons.map((r) => r.text).join()).toContain('半年以上');
  });

  it.each(REGIONS)('%s retiree: household unknown → need household, whatever the duration', (region) => {
    for (const extra of [{}, { durationMonths: 36 }, { statedLongTerm: true }]) {
      const r = classify(k, situation(region, 'resettled-retiree', extra));
      expect(summary(r)).toBe('need household');
      expect(r.reasons[0]?.text).toContain('户籍已迁入');
    }
  });

  it.each(REGIONS)(
    '%s retiree: household moved → resettled retiree; not moved → long-term resident',
    (region) => {
      expect(summary(classify(k, situation(region, 'resettled-retiree', { householdMoved: true })))).toBe(
        'decided resettled-retiree',
      );
      const notMoved = classify(k, situation(region, 'resettled-retiree', { householdMoved: false }));
      expect(summary(notMoved)).toBe('decided long-term-resident');
      if (notMoved.status === 'decided')
        expect(notMoved.reasons.map((r) => r.text).join()).toContain('户口没迁的');
    },
  );

  it.each(REGIONS)('%s long-term resident needs no duration (the national rule names none)', (region) => {
    expect(summary(classify(k, situation(region, 'long-term-resident')))).toBe('decided long-term-resident');
  });
});

describe('missing facts', () => {
  it.each([['xingtai'], ['jiangmen'], ['guangzhou'], ['shanghai']])(
    '%s with no situation hint → need situation',
    (region) => {
      expect(classify(k, situation(region, undefined))).toEqual({
        status: 'need',
        slot: 'situation',
        reasons: [],
      });
    },
  );

  it.each(CATEGORIES)('no insured region → need region (hint %s)', (category) => {
    expect(classify(k, situation(undefined, category, SETTLED))).toEqual({
      status: 'need',
      slot: 'region',
      reasons: [],
    });
  });

  it('unknown hint ids are skipped; the first known one counts', () => {
    const r = classify(k, { insuredRegion: 'xingtai', categoryHints: ['no-such-kind', 'referral'] });
    expect(summary(r)).toBe('decided referral');
  });
});

describe('every decided outcome says why, with a source', () => {
  const decided = ROWS.filter(([, , expected]) => expected.startsWith('decided'));

  it.each(decided)('%s × %s: at least one reason, each citing a document and a quote', (region, category) => {
    const r = classify(k, situation(region, category, SETTLED));
    expect(r.status).toBe('decided');
    expect(r.reasons.length).toBeGreaterThan(0);
    for (const reason of r.reasons) {
      expect(reason.text.length).toBeGreaterThan(0);
      expect(k.sources.has(reason.source.doc), reason.source.doc).toBe(true);
      expect(reason.source.quote.length).toBeGreaterThan(0);
    }
  });

  it.each(['xingtai', 'xinhui'])('%s: the reasons come from the region’s own document', (region) => {
    const doc = region === 'xingtai' ? 'xingtai-2021' : 'jiangmen-2024';
    for (const category of ['posted-worker', 'long-term-resident', 'referral', 'emergency']) {
      const r = classify(k, situation(region, category, SETTLED));
      expect(r.status === 'decided' && r.reasons.map((x) => x.source.doc), category).toContain(doc);
    }
  });

  it('a Xingtai condition is never cited for someone insured elsewhere', () => {
    for (const region of ['guangzhou', 'shanghai', 'jiangmen'])
      for (const category of CATEGORIES) {
        const r = classify(k, situation(region, category, SETTLED));
        if (r.status === 'need') continue;
        expect(
          r.reasons.map((x) => x.source.doc),
          `${region} × ${category}`,
        ).not.toContain('xingtai-2021');
      }
  });

  it.each([
    ['guangzhou', 'migrant-worker'],
    ['shanghai', 'migrant-worker'],
    ['shenzhen', 'entrepreneur'],
    ['beijing', 'entrepreneur'],
  ] as const)(
    '%s × %s (a Xingtai-only kind): long-term residence, the national condition as reason',
    (region, category) => {
      const r = classify(k, situation(region, category, SETTLED));
      expect(summary(r)).toBe('decided long-term-resident');
      expect(r.reasons.map((x) => x.source.doc)).toEqual(['national-guide']);
    },
  );
});
