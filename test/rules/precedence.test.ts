// Which rule governs when several documents apply (rules.yaml precedence): region ×
// cross-/in-province × stage × day, on explicit Asia/Shanghai dates. Admitted 2026-11-01,
// so day 10 is 2026-11-11 (last day by the 10-day rules) and day 11 is 2026-11-12.
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import { careScope, lateFiling } from '../../src/rules/index.js';

const k = loadKnowledge(defaultKnowledgeDir);
const ADMITTED = '2026-11-01';
const DAY_10 = '2026-11-11';
const DAY_11 = '2026-11-12';

describe('care scope: the provinces of the insured and the treatment region', () => {
  it.each([
    ['xingtai', 'beijing', 'cross-province'],
    ['xindu', 'tianjin', 'cross-province'],
    ['xingtai', 'handan', 'in-province'],
    ['taishan', 'guangzhou', 'in-province'],
    ['xinhui', 'changsha', 'cross-province'],
    ['jiangmen', 'hainan', 'cross-province'],
    ['xingtai', undefined, 'unknown'],
  ] as const)('%s → %s: %s', (insured, treatment, scope) => {
    expect(careScope(k, insured, treatment)).toBe(scope);
  });

  it('外省 / 省内 said in words decides when no place is named', () => {
    expect(careScope(k, 'xingtai', undefined, true)).toBe('cross-province');
    expect(careScope(k, 'xingtai', undefined, false)).toBe('in-province');
    // A named place wins over words.
    expect(careScope(k, 'xingtai', 'handan', true)).toBe('in-province');
  });
});

describe('in hospital: the newest applicable rule governs, the conclusion never says "too late" cross-province', () => {
  it.each([
    // insured, treated in, today, status, governing doc, regional deadline passed?
    ['xingtai', 'beijing', DAY_10, 'in-time', 'national-guide', false],
    ['xingtai', 'beijing', DAY_11, 'in-time', 'national-guide', true],
    ['xingtai', 'beijing', ADMITTED, 'in-time', 'national-guide', false],
    ['xinhui', 'changsha', DAY_11, 'in-time', 'national-guide', true],
    ['taishan', 'hainan', DAY_10, 'in-time', 'national-guide', false],
    ['xingtai', 'handan', DAY_10, 'in-time', 'xingtai-2021', undefined],
    ['xingtai', 'handan', DAY_11, 'deadline-passed', 'xingtai-2021', undefined],
    ['taishan', 'guangzhou', DAY_11, 'deadline-passed', 'jiangmen-2024', undefined],
    ['taishan', 'guangzhou', DAY_10, 'in-time', 'jiangmen-2024', undefined],
  ] as const)(
    '%s insured, in hospital in %s, today %s → %s by %s',
    (insured, treated, today, status, doc, passed) => {
      const out = lateFiling(k, {
        insuredRegion: insured,
        treatmentRegion: treated,
        today,
        admissionDate: ADMITTED,
        dischargeStatus: 'in-hospital',
      });
      expect(out.status).toBe(status);
      if (out.status !== 'in-time' && out.status !== 'deadline-passed') return;
      expect(out.reasons[0]?.source.doc).toBe(doc);
      if (passed === undefined) {
        // In the province: no other rule beside it.
        expect(out.precedence?.other).toBeUndefined();
      } else {
        expect(out.status === 'in-time' && out.beforeDischarge).toBe(true);
        expect(out.precedence?.scope).toBe('cross-province');
        expect(out.precedence?.other?.reason.source.doc).not.toBe('national-guide');
        expect((out.precedence?.other?.daysLeft ?? 0) < 0).toBe(passed);
        expect(out.precedence?.other?.lastDay).toBe(DAY_10);
      }
      if (out.status === 'deadline-passed') expect(out.next.map((r) => r.text).join()).not.toContain('出院');
    },
  );

  it('day 11, place of care unknown → asks where (never guesses "too late")', () => {
    expect(
      lateFiling(k, {
        insuredRegion: 'xingtai',
        today: DAY_11,
        admissionDate: ADMITTED,
        dischargeStatus: 'in-hospital',
      }),
    ).toEqual({ status: 'need', slot: 'treatment' });
  });
});

describe('discharged: the steps for after discharge, self-paid noted', () => {
  it.each([
    ['xingtai', 'beijing', true],
    ['xingtai', 'handan', false],
    ['xinhui', 'changsha', true],
    ['shanghai', 'chengdu', true],
  ] as const)(
    '%s insured, discharged from %s yesterday, self-paid %s → manual claim',
    (insured, treated, paid) => {
      const out = lateFiling(k, {
        insuredRegion: insured,
        treatmentRegion: treated,
        today: '2026-11-25',
        admissionDate: '2026-11-20',
        dischargeStatus: 'discharged',
        selfPaid: paid,
      });
      expect(out).toMatchObject({ status: 'after-discharge', selfPaid: paid });
      if (out.status === 'after-discharge') expect(out.next[0]?.text).toContain('手工报销');
    },
  );
});
