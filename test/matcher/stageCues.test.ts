// The stage of care read from a whole message with the cue lists in dialogs.yaml (stageCues):
// in hospital, discharged, discharged and self-paid; "还没出院" beats "出院"; nothing said → unknown.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import { Matcher } from '../../src/matcher/index.js';

const NOON = new Date('2026-11-25T04:00:00Z');
let matcher: Matcher;
beforeAll(() => {
  matcher = new Matcher(loadKnowledge(defaultKnowledgeDir));
});
const stage = (message: string) => {
  const e = matcher.match(message, { now: NOON }).entities;
  return [e.dischargeStatus, e.selfPaid === true] as const;
};

describe('stage of care from a narrative', () => {
  it.each([
    ['出院的时候医院说没备案只能自费', 'discharged', true],
    ['江门新会参保，在长沙旅游时急病住院，没备案，前天出院了，钱是自己全付的', 'discharged', true],
    ['我爸上个月在北京住院没备案 出院全是自己付的钱', 'discharged', true],
    ['住院的钱都是自己垫付的', 'discharged', true],
    ['已经出院了，没备案', 'discharged', false],
    ['是明天出院 今天人还在医院', 'in-hospital', false],
    ['还没出院，出院的时候能直接结算吗', 'in-hospital', false],
    ['俺娘今儿个在邯郸中心医院住上院了', 'in-hospital', false],
    ['我在北京住院 第6天了', 'in-hospital', false],
    ['邢台医保 我妈在北京住院', 'in-hospital', false],
    ['邢台医保 没备案', undefined, false],
  ] as const)('“%s” → %s, self-paid %s', (message, status, paid) => {
    expect(stage(message)).toEqual([status, paid]);
  });

  it('the day of stay counts from a spaced or "今天第N天" wording', () => {
    expect(matcher.match('我奶奶在北京住院 第6天了', { now: NOON }).entities.admissionDate).toBe(
      '2026-11-20',
    );
    expect(matcher.match('在北京住院今天第11天了', { now: NOON }).entities.admissionDate).toBe('2026-11-15');
  });
});
