// Late filing ("没来得及备案，还能补吗？"): the insured region's rule × deadline edges, on
// explicit Asia/Shanghai calendar dates. The admission day itself is not counted, so
// "入院10日内" ends on admission + 10 days.
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, formatChineseDate, shanghaiDate } from '../../src/calendar.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import { type LateFilingInput, type LateFilingOutcome, lateFiling } from '../../src/rules/index.js';

const k = loadKnowledge(defaultKnowledgeDir);

const XINGTAI_DOC = 'xingtai-2021';
const JIANGMEN_DOC = 'jiangmen-2024';
const NATIONAL_DOC = 'national-guide';

function run(input: LateFilingInput): LateFilingOutcome {
  return lateFiling(k, input);
}

/** The rule document an outcome cites first (its "why"). */
function ruleDoc(outcome: LateFilingOutcome): string | undefined {
  return 'reasons' in outcome ? outcome.reasons[0]?.source.doc : undefined;
}

describe('Xingtai: 10 days after admission, the admission day not counted, discharge irrelevant', () => {
  // Admitted 2026-11-01 → the last day is 2026-11-11.
  it.each([
    // region, today, daysLeft
    ['xingtai', '2026-11-01', 10],
    ['xingtai', '2026-11-02', 9],
    ['xingtai', '2026-11-10', 1],
    ['xingtai', '2026-11-11', 0],
    // A Xingtai district or county inherits the city's rule.
    ['xindu', '2026-11-11', 0],
    ['nangong', '2026-11-05', 6],
  ] as const)(
    '%s, admitted 2026-11-01, today %s → in time, last day 2026-11-11, %i days left',
    (region, today, daysLeft) => {
      const outcome = run({
        insuredRegion: region,
        today,
        admissionDate: '2026-11-01',
        dischargeStatus: 'in-hospital',
      });
      expect(outcome).toMatchObject({
        status: 'in-time',
        lastDay: '2026-11-11',
        daysLeft,
        beforeDischarge: false,
      });
      expect(ruleDoc(outcome)).toBe(XINGTAI_DOC);
      if (outcome.status === 'in-time') {
        expect(outcome.reasons[0]?.text).toContain('入院10日内');
        expect(outcome.reasons[0]?.source.quote).toBeTruthy();
        expect(outcome.how).toContain('备案开始时间');
      }
    },
  );

  it.each([
    ['xingtai', '2026-11-12'],
    ['xingtai', '2026-11-30'],
    ['xindu', '2026-11-12'],
  ] as const)(
    '%s, admitted 2026-11-01, today %s (day 11 or later) → deadline passed on 2026-11-11',
    (region, today) => {
      // Treated within Hebei (邯郸): the national cross-province rule does not govern.
      const outcome = run({
        insuredRegion: region,
        today,
        admissionDate: '2026-11-01',
        dischargeStatus: 'in-hospital',
        treatmentRegion: 'handan',
      });
      expect(outcome).toMatchObject({ status: 'deadline-passed', lastDay: '2026-11-11' });
      expect(ruleDoc(outcome)).toBe(XINGTAI_DOC);
      // Still in hospital: no advice for people already discharged.
      if (outcome.status === 'deadline-passed') {
        expect(outcome.next.map((r) => r.text).join()).not.toContain('已经出院');
        expect(outcome.precedence?.scope).toBe('in-province');
      }
    },
  );

  it('admitted today → 10 days left', () => {
    const outcome = run({
      insuredRegion: 'xingtai',
      today: '2026-11-25',
      admissionDate: '2026-11-25',
      dischargeStatus: 'in-hospital',
    });
    expect(outcome).toMatchObject({ status: 'in-time', lastDay: '2026-12-05', daysLeft: 10 });
  });

  it('already discharged → after discharge, with the manual-reimbursement next step', () => {
    const outcome = run({
      insuredRegion: 'xingtai',
      today: '2026-11-05',
      admissionDate: '2026-11-01',
      dischargeStatus: 'discharged',
    });
    expect(outcome.status).toBe('after-discharge');
    expect(ruleDoc(outcome)).toBe(XINGTAI_DOC);
    if (outcome.status === 'after-discharge') expect(outcome.next[0]?.text).toContain('手工报销');
  });
});

describe('Jiangmen and its districts: 10 days after admission AND before discharge', () => {
  const regions = ['jiangmen', 'xinhui', 'taishan', 'kaiping', 'pengjiang', 'enping'] as const;

  it.each(regions)('%s: day 10 → in time, last day 2026-11-11, must be before discharge', (region) => {
    const outcome = run({
      insuredRegion: region,
      today: '2026-11-11',
      admissionDate: '2026-11-01',
      dischargeStatus: 'in-hospital',
    });
    expect(outcome).toMatchObject({
      status: 'in-time',
      lastDay: '2026-11-11',
      daysLeft: 0,
      beforeDischarge: true,
    });
    expect(ruleDoc(outcome)).toBe(JIANGMEN_DOC);
    if (outcome.status === 'in-time') {
      expect(outcome.reasons[0]?.text).toContain('出院之前');
      expect(outcome.how).toContain('《江门市基本医疗保险非定点医疗机构就医申请表》');
    }
  });

  it.each(regions)('%s: day 11, treated within Guangdong → deadline passed', (region) => {
    const outcome = run({
      insuredRegion: region,
      today: '2026-11-12',
      admissionDate: '2026-11-01',
      dischargeStatus: 'in-hospital',
      treatmentRegion: 'guangzhou',
    });
    expect(outcome).toMatchObject({ status: 'deadline-passed', lastDay: '2026-11-11' });
    expect(ruleDoc(outcome)).toBe(JIANGMEN_DOC);
  });

  it.each(regions)('%s: discharged (even within 10 days) → after discharge', (region) => {
    const outcome = run({
      insuredRegion: region,
      today: '2026-11-03',
      admissionDate: '2026-11-01',
      dischargeStatus: 'discharged',
    });
    expect(outcome.status).toBe('after-discharge');
    expect(ruleDoc(outcome)).toBe(JIANGMEN_DOC);
    if (outcome.status === 'after-discharge') {
      expect(outcome.next).toHaveLength(1);
      expect(outcome.next[0]?.text).toContain('手工报销');
      expect(outcome.next[0]?.source).toEqual({ doc: NATIONAL_DOC, quote: expect.any(String) });
    }
  });
});

describe('national rule (uncovered regions, Guangdong without a rule of its own): no day limit', () => {
  const regions = ['shanghai', 'beijing', 'chengdu', 'guangdong', 'guangzhou', 'shenzhen'] as const;

  it.each(regions)(
    '%s, in hospital for weeks → in time, before discharge settlement, no last day',
    (region) => {
      const outcome = run({
        insuredRegion: region,
        today: '2026-11-25',
        admissionDate: '2026-09-01',
        dischargeStatus: 'in-hospital',
      });
      expect(outcome).toMatchObject({ status: 'in-time', beforeDischarge: true });
      if (outcome.status === 'in-time') {
        expect(outcome.lastDay).toBeUndefined();
        expect(outcome.daysLeft).toBeUndefined();
        expect(outcome.how).toContain('国家医保服务平台APP');
      }
      expect(ruleDoc(outcome)).toBe(NATIONAL_DOC);
    },
  );

  it.each(regions)('%s, in hospital, admission date unknown → in time (no date needed)', (region) => {
    const outcome = run({ insuredRegion: region, today: '2026-11-25', dischargeStatus: 'in-hospital' });
    expect(outcome).toMatchObject({ status: 'in-time', beforeDischarge: true });
  });

  it.each(regions)('%s, discharged → after discharge, next step: manual reimbursement', (region) => {
    const outcome = run({ insuredRegion: region, today: '2026-11-25', dischargeStatus: 'discharged' });
    expect(outcome.status).toBe('after-discharge');
    if (outcome.status === 'after-discharge') {
      expect(outcome.reasons[0]?.source.doc).toBe(NATIONAL_DOC);
      expect(outcome.next).toEqual([
        {
          text: expect.stringContaining('按参保地的规定申请医保手工报销'),
          source: { doc: NATIONAL_DOC, quote: '可以按参保地规定申请医保手工报销' },
        },
      ]);
    }
  });

  it('no insured region but the national rules asked for (按国家规定) → the national rule', () => {
    const outcome = run({ national: true, today: '2026-11-25', dischargeStatus: 'in-hospital' });
    expect(outcome).toMatchObject({ status: 'in-time', beforeDischarge: true });
    expect(ruleDoc(outcome)).toBe(NATIONAL_DOC);
  });
});

describe('calendar edges of the 10-day deadline (Xingtai and Jiangmen alike)', () => {
  it.each([
    // admission, last day
    ['2026-01-31', '2026-02-10'], // month end, January
    ['2026-02-28', '2026-03-10'], // end of a non-leap February
    ['2026-03-31', '2026-04-10'],
    ['2026-04-30', '2026-05-10'],
    ['2026-01-25', '2026-02-04'], // crosses a month end
    ['2026-12-25', '2027-01-04'], // crosses the year end
    ['2026-12-31', '2027-01-10'],
    ['2027-02-20', '2027-03-02'], // non-leap year: no 29 February
    ['2028-02-20', '2028-03-01'], // leap year: 29 February counts
    ['2028-02-29', '2028-03-10'], // admitted on the leap day
    ['2028-02-19', '2028-02-29'], // the leap day is the last day
  ] as const)('admitted %s → last day %s', (admissionDate, lastDay) => {
    for (const [insuredRegion, treatmentRegion] of [
      ['xingtai', 'handan'],
      ['xinhui', 'guangzhou'],
    ] as const) {
      const onLastDay = run({
        insuredRegion,
        today: lastDay,
        admissionDate,
        dischargeStatus: 'in-hospital',
        treatmentRegion,
      });
      expect(onLastDay, insuredRegion).toMatchObject({ status: 'in-time', lastDay, daysLeft: 0 });
      const dayAfter = run({
        insuredRegion,
        today: addDays(lastDay, 1),
        admissionDate,
        dischargeStatus: 'in-hospital',
        treatmentRegion,
      });
      expect(dayAfter, insuredRegion).toMatchObject({ status: 'deadline-passed', lastDay });
      const onAdmission = run({
        insuredRegion,
        today: admissionDate,
        admissionDate,
        dischargeStatus: 'in-hospital',
      });
      expect(onAdmission, insuredRegion).toMatchObject({ status: 'in-time', lastDay, daysLeft: 10 });
    }
  });

  it.each([
    ['2026-12-25', '2027-01-04', '2027年1月4日'],
    ['2028-02-20', '2028-03-01', '2028年3月1日'],
    ['2026-01-31', '2026-02-10', '2026年2月10日'],
  ] as const)('the last day for %s is shown to users as %s → %s', (admission, lastDay, shown) => {
    expect(addDays(admission, 10)).toBe(lastDay);
    expect(daysBetween(admission, lastDay)).toBe(10);
    expect(formatChineseDate(lastDay)).toBe(shown);
  });
});

describe('missing facts are asked for, in order: region, discharge, admission', () => {
  it.each([
    ['nothing known', { today: '2026-11-25' }, 'region'],
    [
      'no region, even with the hospital facts',
      { today: '2026-11-25', dischargeStatus: 'in-hospital', admissionDate: '2026-11-20' },
      'region',
    ],
    ['Xingtai, discharge unknown', { insuredRegion: 'xingtai', today: '2026-11-25' }, 'discharge'],
    [
      'Xingtai, admission known but discharge unknown',
      { insuredRegion: 'xingtai', today: '2026-11-25', admissionDate: '2026-11-20' },
      'discharge',
    ],
    [
      'Xingtai, in hospital, admission unknown',
      { insuredRegion: 'xingtai', today: '2026-11-25', dischargeStatus: 'in-hospital' },
      'admission',
    ],
    [
      'Jiangmen Xinhui, in hospital, admission unknown',
      { insuredRegion: 'xinhui', today: '2026-11-25', dischargeStatus: 'in-hospital' },
      'admission',
    ],
    ['Shanghai, discharge unknown', { insuredRegion: 'shanghai', today: '2026-11-25' }, 'discharge'],
  ] as const)('%s → need %s', (_name, input, slot) => {
    expect(run(input as LateFilingInput)).toEqual({ status: 'need', slot });
  });

  it('discharged: the admission date is not needed', () => {
    expect(run({ insuredRegion: 'xingtai', today: '2026-11-25', dischargeStatus: 'discharged' }).status).toBe(
      'after-discharge',
    );
  });
});

describe('an admission date in the future is rejected', () => {
  it.each([
    ['xingtai', '2026-11-26'],
    ['taishan', '2026-12-01'],
    ['shanghai', '2026-11-26'],
    ['xingtai', '2027-01-01'],
  ] as const)('%s, today 2026-11-25, admitted %s → invalid admission', (insuredRegion, admissionDate) => {
    expect(
      run({ insuredRegion, today: '2026-11-25', admissionDate, dischargeStatus: 'in-hospital' }),
    ).toEqual({
      status: 'invalid-admission',
    });
  });
});

describe('the clock edge: dates are Asia/Shanghai calendar days', () => {
  // 15:59Z is 23:59 on 24 November in Shanghai; 16:01Z is 00:01 on 25 November.
  const before = new Date('2026-11-24T15:59:00Z');
  const after = new Date('2026-11-24T16:01:00Z');

  it('23:59 and 00:01 in Shanghai fall on different days', () => {
    expect(shanghaiDate(before)).toBe('2026-11-24');
    expect(shanghaiDate(after)).toBe('2026-11-25');
    expect(shanghaiDate(new Date('2026-11-24T16:00:00Z'))).toBe('2026-11-25');
    expect(shanghaiDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it.each([
    // instant, status, days left
    [before, 'in-time', 0],
    [after, 'deadline-passed', undefined],
  ] as const)('Xingtai, admitted 2026-11-14 (last day 2026-11-24), now %s → %s', (now, status, daysLeft) => {
    const outcome = run({
      insuredRegion: 'xingtai',
      today: shanghaiDate(now),
      admissionDate: '2026-11-14',
      dischargeStatus: 'in-hospital',
      treatmentRegion: 'handan',
    });
    expect(outcome).toMatchObject({ status, lastDay: '2026-11-24' });
    if (daysLeft !== undefined) expect(outcome).toMatchObject({ daysLeft });
  });

  it('admitted on 25 November: in the future at 23:59 on the 24th, day 0 one minute after midnight', () => {
    const input = {
      insuredRegion: 'jiangmen',
      admissionDate: '2026-11-25',
      dischargeStatus: 'in-hospital',
    } as const;
    expect(run({ ...input, today: shanghaiDate(before) })).toEqual({ status: 'invalid-admission' });
    expect(run({ ...input, today: shanghaiDate(after) })).toMatchObject({
      status: 'in-time',
      lastDay: '2026-12-05',
      daysLeft: 10,
    });
  });
});
