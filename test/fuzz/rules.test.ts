// Property tests of the rules: any combination of facts (known and unknown regions, any
// category hints, durations, dates) gives an outcome from the allowed set, never an
// exception, and every deadline is a real calendar date consistent with "today".
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { daysBetween, isValidDate, type LocalDate, shanghaiDate } from '../../src/calendar.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import type { Knowledge } from '../../src/knowledge/types.js';
import { EntityExtractor } from '../../src/matcher/entities.js';
import {
  channelsFor,
  classify,
  constraintsFor,
  lateFiling,
  materialsFor,
  noFilingNeeded,
  settlementInfo,
  validityFor,
} from '../../src/rules/index.js';
import { domainText, instant } from './arbitraries.js';

let k: Knowledge;
let entities: EntityExtractor;
beforeAll(() => {
  k = loadKnowledge(defaultKnowledgeDir);
  entities = new EntityExtractor(k);
});

const RUNS = { numRuns: 300 };
const region = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...k.regions.keys()) },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
const categoryId = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...k.categories.categories.map((c) => c.id)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  );
const localDate = instant.map((d) => shanghaiDate(d));

function expectDate(date: LocalDate | undefined): void {
  expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const [y, m, d] = (date ?? '').split('-').map(Number) as [number, number, number];
  expect(isValidDate(y, m, d)).toBe(true);
}

describe('late filing', () => {
  it('any facts: an allowed outcome; deadlines are real dates, consistent with today', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            insuredRegion: region(),
            national: fc.boolean(),
            today: localDate,
            admissionDate: localDate,
            dischargeStatus: fc.constantFrom('in-hospital' as const, 'discharged' as const),
            selfPaid: fc.boolean(),
          },
          { requiredKeys: ['today'] },
        ),
        (input) => {
          const out = lateFiling(k, input);
          expect(['need', 'invalid-admission', 'in-time', 'deadline-passed', 'after-discharge']).toContain(
            out.status,
          );
          if (out.status === 'in-time' && out.lastDay !== undefined) {
            expectDate(out.lastDay);
            expect(out.daysLeft).toBe(daysBetween(input.today, out.lastDay));
            expect(out.daysLeft).toBeGreaterThanOrEqual(0);
            expect(daysBetween(input.admissionDate ?? '', out.lastDay)).toBeGreaterThan(0);
          }
          if (out.status === 'deadline-passed') {
            expectDate(out.lastDay);
            expect(daysBetween(input.today, out.lastDay)).toBeLessThan(0);
          }
          if (out.status === 'invalid-admission')
            expect(daysBetween(input.admissionDate ?? '', input.today)).toBeLessThan(0);
          if ('reasons' in out) for (const r of out.reasons) expect(r.text.length).toBeGreaterThan(0);
        },
      ),
      RUNS,
    );
  });
});

describe('category, materials, channels, validity, settlement', () => {
  it('any situation classifies to an allowed status, and what follows from it never throws', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            insuredRegion: region(),
            categoryHints: fc.array(categoryId(), { maxLength: 4 }),
            durationMonths: fc.oneof(
              fc.integer({ min: 0, max: 1200 }),
              fc.double({ min: 0, max: 1e6, noNaN: true }),
            ),
            statedLongTerm: fc.boolean(),
            householdMoved: fc.boolean(),
          },
          { requiredKeys: ['categoryHints'] },
        ),
        (s) => {
          const out = classify(k, s);
          expect(['decided', 'need', 'too-short', 'not-covered']).toContain(out.status);
          if (out.status === 'need')
            expect(['region', 'situation', 'duration', 'household']).toContain(out.slot);
          if (out.status === 'decided') {
            const id = out.category.id;
            materialsFor(k, id, s.insuredRegion, out.localClass?.id);
            for (const purpose of ['file', 'status', 'hospitals', 'consult', 'records'] as const)
              channelsFor(k, {
                region: s.insuredRegion,
                group: out.category.group,
                purpose,
                localClassId: out.localClass?.id,
              });
            validityFor(k, out.category.group, s.insuredRegion);
            constraintsFor(k, s.insuredRegion, [id]);
            noFilingNeeded(k, s.insuredRegion, id);
          }
        },
      ),
      RUNS,
    );
  });

  it('any region (known or not) has settlement information and a national fallback', () => {
    fc.assert(
      fc.property(region(), (r) => {
        const info = settlementInfo(k, r);
        expect(info.steps.length).toBeGreaterThan(0);
        expect(validityFor(k, 'temporary', r)).toBeDefined();
      }),
      RUNS,
    );
  });
});

describe('facts read from text', () => {
  it('any message at any time: admission dates are real dates, durations finite and ≥ 0', () => {
    fc.assert(
      fc.property(domainText(k, 14), instant, (text, now) => {
        const e = entities.extract(text, now);
        if (e.admissionDate !== undefined) expectDate(e.admissionDate);
        if (e.durationMonths !== undefined) {
          expect(Number.isFinite(e.durationMonths)).toBe(true);
          expect(e.durationMonths).toBeGreaterThanOrEqual(0);
        }
        for (const r of e.regions) expect(k.regions.has(r.id)).toBe(true);
        for (const c of e.categoryHints) expect(k.categories.categories.some((x) => x.id === c)).toBe(true);
      }),
      RUNS,
    );
  });
});
