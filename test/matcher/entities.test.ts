import { beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../src/calendar.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import { type Entities, findAdmission, findDurations } from '../../src/matcher/entities.js';
import { Matcher } from '../../src/matcher/index.js';

/** 2026-11-25 12:00 in Asia/Shanghai. */
const NOON = new Date('2026-11-25T04:00:00Z');
/** 2026-11-25 00:30 in Asia/Shanghai — still 2026-11-24 in UTC. */
const JUST_AFTER_MIDNIGHT = new Date('2026-11-24T16:30:00Z');

let matcher: Matcher;
/** What the pipeline extracts from a user's message (normalize → typo repair → entities). */
const extract = (message: string, now: Date = NOON): Entities => matcher.match(message, { now }).entities;

beforeAll(() => {
  matcher = new Matcher(loadKnowledge(defaultKnowledgeDir));
});

describe('insured vs treatment region', () => {
  it.each([
    ['我是邢台人，在深圳打工', 'xingtai', 'shenzhen'],
    ['我是邢臺人，在深圳打工', 'xingtai', 'shenzhen'],
    ['我是江门开平参保的退休职工', 'kaiping', undefined],
    ['我在上海参保，公司把我派到成都', 'shanghai', 'chengdu'],
    ['邢台参保，在北京住院', 'xingtai', 'beijing'],
    ['我在新会参保', 'xinhui', undefined],
    ['退休了去海南住', undefined, 'hainan'],
    ['单位派驻到北京', undefined, 'beijing'],
  ])('%s → insured %s, treatment %s', (message, insured, treatment) => {
    const e = extract(message);
    expect(e.insuredRegion).toBe(insured);
    expect(e.treatmentRegion).toBe(treatment);
  });

  it('the city named right before an insured district is insured too (江门开平参保)', () => {
    const e = extract('我是江门开平参保的退休职工');
    expect(e.regions.map((r) => [r.id, r.role])).toEqual([
      ['jiangmen', 'insured'],
      ['kaiping', 'insured'],
    ]);
  });

  it('places named without a role stay unknown (江门 台山 咨询电话)', () => {
    const e = extract('江门 台山 咨询电话');
    expect(e.regions.map((r) => r.id)).toEqual(['jiangmen', 'taishan']);
    expect(e.regions.every((r) => r.role === 'unknown')).toBe(true);
    expect(e.insuredRegion).toBeUndefined();
    expect(e.treatmentRegion).toBeUndefined();
  });

  it('the longest alias wins (新会区 is one mention of xinhui, not 新会 + 区)', () => {
    const e = extract('新会区备案电话');
    expect(e.regions).toHaveLength(1);
    expect(e.regions[0]).toMatchObject({ id: 'xinhui', text: '新会区' });
  });

  it('a message without places has none', () => {
    expect(extract('异地就医备案怎么办').regions).toEqual([]);
  });
});

describe('category hints', () => {
  it.each([
    ['我退休了，想去女儿那边住', 'resettled-retiree'],
    ['我在外地打工', 'migrant-worker'],
    ['公司派驻我到外地工作', 'posted-worker'],
    ['我是学生，放假回家', 'student'],
    ['医院让我转诊去省城', 'referral'],
    ['在外地急诊住院了', 'emergency'],
    ['出差的时候生病了', 'emergency'],
    ['旅游时病倒了', 'emergency'],
  ])('%s hints at %s', (message, category) => {
    expect(extract(message).categoryHints).toContain(category);
  });

  it('hints are listed in order of first mention, without repeats', () => {
    expect(extract('我在外地打工，打工好几年了，今年退休').categoryHints).toEqual([
      'migrant-worker',
      'resettled-retiree',
    ]);
  });

  it('a plain question hints at nothing', () => {
    expect(extract('备案有效期多久').categoryHints).toEqual([]);
  });
});

describe('durations of stay (months)', () => {
  it.each([
    ['在外地住了半年', 6],
    ['住了6个月', 6],
    ['在外地两年多了', 24],
    ['在深圳住了一年半', 18],
    ['住了三个月', 3],
    ['在外地住了3年', 36],
    ['住了十五个月', 15],
    ['住了半年，打算再住两年', 24],
  ])('%s → %d months', (message, months) => {
    expect(extract(message).durationMonths).toBe(months);
  });

  it.each([['住院5天'], ['已经住院5天了'], ['要在10天内办好吗'], ['11月3日住院'], ['住院第三天']])(
    '%s is not a residence duration',
    (message) => {
      expect(extract(message).durationMonths).toBeUndefined();
    },
  );

  it('a hospital stay next to a residence duration does not count', () => {
    expect(extract('在深圳住了一年半，这次住院5天').durationMonths).toBe(18);
  });

  it('findDurations lists every duration', () => {
    expect(findDurations('半年')).toEqual([6]);
    expect(findDurations('没有时间')).toEqual([]);
  });
});

describe('admission date (Asia/Shanghai)', () => {
  it.each([
    ['住院第三天', '2026-11-23'],
    ['住院第1天', '2026-11-25'],
    ['前天住的院', '2026-11-23'],
    ['昨天住的院', '2026-11-24'],
    ['今天刚住院', '2026-11-25'],
    ['大前天住的院', '2026-11-22'],
    ['已经住院5天了', '2026-11-20'],
    ['3天前住的院', '2026-11-22'],
    ['11月3日住院', '2026-11-03'],
    ['11月25号住院', '2026-11-25'],
    ['12月30日住院', '2025-12-30'],
    ['2026年10月1日住院', '2026-10-01'],
  ])('said on 2026-11-25: %s → %s', (message, date) => {
    expect(extract(message).admissionDate).toBe(date);
  });

  it('11月3日 said in early January is last year', () => {
    expect(extract('11月3日住院', new Date('2026-01-05T04:00:00Z')).admissionDate).toBe('2025-11-03');
  });

  it('counting back crosses month and year ends', () => {
    expect(extract('住院第三天', new Date('2026-03-01T04:00:00Z')).admissionDate).toBe('2026-02-27');
    expect(extract('已经住院5天了', new Date('2026-01-02T04:00:00Z')).admissionDate).toBe('2025-12-28');
  });

  describe('near midnight: 2026-11-24T16:30:00Z is already 2026-11-25 in Shanghai', () => {
    it('the calendar agrees', () => {
      expect(shanghaiDate(JUST_AFTER_MIDNIGHT)).toBe('2026-11-25');
      expect(JUST_AFTER_MIDNIGHT.toISOString().slice(0, 10)).toBe('2026-11-24');
    });

    it.each([
      ['今天住院', '2026-11-25'],
      ['住院第三天', '2026-11-23'],
      ['前天住的院', '2026-11-23'],
      ['已经住院5天了', '2026-11-20'],
      ['11月25日住院', '2026-11-25'],
      ['11月26日住院', '2025-11-26'],
    ])('%s → %s', (message, date) => {
      expect(extract(message, JUST_AFTER_MIDNIGHT).admissionDate).toBe(date);
    });

    it('one second before midnight Shanghai time is still the day before', () => {
      expect(extract('今天住院', new Date('2026-11-24T15:59:59Z')).admissionDate).toBe('2026-11-24');
    });
  });

  it.each([['2月30日住院'], ['异地就医备案怎么办'], ['11月3日去的北京']])(
    '%s has no admission date',
    (message) => {
      expect(extract(message).admissionDate).toBeUndefined();
    },
  );

  it('findAdmission works on a given Shanghai date', () => {
    expect(findAdmission('前天住的院', '2026-03-01')).toBe('2026-02-27');
  });
});

describe('discharge status and self-paid', () => {
  it.each([
    ['已经出院了', 'discharged'],
    ['出了院才想起来备案', 'discharged'],
    ['出院后能补办吗', 'discharged'],
    ['还在住院', 'in-hospital'],
    ['还没出院', 'in-hospital'],
    ['住院第三天', 'in-hospital'],
    ['异地就医备案怎么办', undefined],
  ] as const)('%s → %s', (message, status) => {
    expect(extract(message).dischargeStatus).toBe(status);
  });

  it.each([
    ['自费结算了', true],
    ['钱是自己垫的', true],
    ['全额自付的', true],
    ['医保直接结算的', undefined],
  ] as const)('%s → selfPaid %s', (message, selfPaid) => {
    expect(extract(message).selfPaid).toBe(selfPaid);
  });

  it('自费结算 means discharged and self-paid', () => {
    expect(extract('没备案，已经自费结算了')).toMatchObject({
      dischargeStatus: 'discharged',
      selfPaid: true,
    });
  });
});
