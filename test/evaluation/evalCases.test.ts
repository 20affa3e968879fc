import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparable, type Expectation, judgeTurn, readCases } from '../../src/evaluation/evalCases.js';
import { projectRoot } from '../../src/knowledge/paths.js';

const answered = (...replies: string[]) => ({ replies, fallback: false });
const fellBack = (...replies: string[]) => ({ replies, fallback: true });

describe('comparable', () => {
  it.each([
    ['異地就醫 備案', '异地就医备案'],
    ['国家医保服务平台APP', '国家医保服务平台app'],
    ['长期\n有效\t ', '长期有效'],
  ])('%j → %j', (text, expected) => {
    expect(comparable(text)).toBe(expected);
  });
});

describe('judgeTurn: answer groups', () => {
  it.each<[string, Expectation, string[]]>([
    ['a plain substring', { answer: [['6个月']] }, ['有效期一般为6个月。']],
    ['any alternative of a group', { answer: [['六个月', '6个月', '半年']] }, ['住满半年才算']],
    ['Traditional reply, Simplified expectation', { answer: [['有效期']] }, ['備案有效期多久？']],
    ['Simplified reply, Traditional expectation', { answer: [['電話']] }, ['备案电话 6102028']],
    ['whitespace in the reply', { answer: [['长期有效']] }, ['备案长期 有效']],
    ['whitespace in the expectation', { answer: [['长期 有效']] }, ['备案长期有效']],
    ['a line break in the reply', { answer: [['备案电话6102028']] }, ['新会区：备案电话\n6102028']],
    ['case of latin letters', { answer: [['app']] }, ['用国家医保服务平台APP办理']],
    ['every group found', { answer: [['长期居住'], ['临时外出']] }, ['分为长期居住和临时外出两类']],
  ])('%s passes', (_name, expect_, replies) => {
    expect(judgeTurn(expect_, answered(...replies), replies, false)).toBeUndefined();
  });

  it('a missing group is named with its alternatives', () => {
    const problem = judgeTurn(
      { answer: [['长期居住'], ['临时外出', '临时就医']] },
      answered('长期居住'),
      [],
      false,
    );
    expect(problem).toBe('missing 临时外出|临时就医');
  });

  it('several missing groups are all named', () => {
    const problem = judgeTurn({ answer: [['甲'], ['乙']] }, answered('丙'), [], false);
    expect(problem).toBe('missing 甲 & 乙');
  });

  it('an answer expectation fails when the turn fell back, even if the words appear', () => {
    expect(judgeTurn({ answer: [['12333']] }, fellBack('请拨打12333'), [], false)).toBe('fell back');
  });

  it('all replies of the turn are searched', () => {
    expect(judgeTurn({ answer: [['甲'], ['乙']] }, answered('甲', '乙'), [], false)).toBeUndefined();
  });
});

describe('judgeTurn: forbidden phrases (own sets)', () => {
  const expectation: Expectation = { answer: [['手工报销']], forbid: ['还来得及'] };

  it('a reply with the facts and none of the phrases passes', () => {
    expect(judgeTurn(expectation, answered('可按参保地规定申请手工报销'), [], false)).toBeUndefined();
  });

  it('a reply that says a forbidden phrase fails and names it, also in Traditional', () => {
    expect(judgeTurn(expectation, answered('還來得及，也可以手工报销'), [], false)).toBe('says 还来得及');
  });

  it('a forbidden phrase said in an earlier turn of a multi-turn case does not count', () => {
    const turn = answered('您已自费结算，可申请手工报销');
    expect(judgeTurn(expectation, turn, ['还来得及', ...turn.replies], true)).toBeUndefined();
  });

  it('the file format accepts forbid only next to answer groups', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'));
    try {
      const ok = join(dir, 'ok.jsonl');
      writeFileSync(
        ok,
        `${JSON.stringify({ id: 'x1', turns: [{ user: '问', expect: expectation }], tags: ['single'] })}\n`,
      );
      expect(readCases(ok)[0]?.turns[0]?.expect).toEqual(expectation);
      const bad = join(dir, 'bad.jsonl');
      writeFileSync(
        bad,
        `${JSON.stringify({ id: 'x2', turns: [{ user: '问', expect: { fallback: true, forbid: ['甲'] } }], tags: ['oos'] })}\n`,
      );
      expect(() => readCases(bad)).toThrow(/bad\.jsonl:1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('judgeTurn: fallback expectations', () => {
  it('passes when the turn fell back', () => {
    expect(judgeTurn({ fallback: true }, fellBack('抱歉'), [], false)).toBeUndefined();
  });

  it('fails when the turn answered', () => {
    expect(judgeTurn({ fallback: true }, answered('答案'), [], false)).toBe(
      'expected a fallback, got an answer',
    );
  });

  it('an empty expectation accepts anything', () => {
    expect(judgeTurn({}, answered('x'), [], false)).toBeUndefined();
    expect(judgeTurn({}, fellBack('x'), [], false)).toBeUndefined();
  });
});

describe('judgeTurn: multi-turn cases', () => {
  const all = ['第一轮：江门备案电话 6102028', '第二轮：服务时间 工作日'];

  it('a multi-turn case searches every reply so far', () => {
    expect(
      judgeTurn({ answer: [['6102028'], ['工作日']] }, answered(all[1] as string), all, true),
    ).toBeUndefined();
  });

  it('a single-turn case searches only this turn', () => {
    expect(judgeTurn({ answer: [['6102028']] }, answered(all[1] as string), all, false)).toBe(
      'missing 6102028',
    );
  });
});

describe('readCases', () => {
  it("reads the project's held-out set: every case has turns and tags, ids are unique", () => {
    const cases = readCases(join(projectRoot, 'test', 'eval', 'heldout.jsonl'));
    expect(cases.length).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect(c.turns.length).toBeGreaterThan(0);
      expect(c.tags.length).toBeGreaterThan(0);
    }
    expect(cases.some((c) => c.tags.includes('oos'))).toBe(true);
  });

  /** Write a .jsonl file, run `check` on its path, remove it. */
  function withCases(lines: string[], check: (path: string) => void): void {
    const dir = mkdtempSync(join(tmpdir(), 'yidi-eval-'));
    try {
      const path = join(dir, 'cases.jsonl');
      writeFileSync(path, `${lines.join('\n')}\n`);
      check(path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const good = JSON.stringify({ id: 'a', turns: [{ user: '你好', expect: {} }], tags: ['single'] });
  const noTurns = JSON.stringify({ id: 'b', turns: [], tags: ['single'] });

  it('a bad case is reported with its file and line number', () => {
    withCases([good, noTurns], (path) => expect(() => readCases(path)).toThrow(`${path}:2:`));
  });

  it('a case with an unknown expectation is rejected', () => {
    const odd = JSON.stringify({
      id: 'c',
      turns: [{ user: 'x', expect: { answr: [['x']] } }],
      tags: ['single'],
    });
    withCases([odd], (path) => expect(() => readCases(path)).toThrow(`${path}:1:`));
  });

  it('blank lines are skipped', () => {
    withCases([good, '', '   ', good.replace('"a"', '"a2"')], (path) => {
      expect(readCases(path).map((c) => c.id)).toEqual(['a', 'a2']);
    });
  });

  // BUG: readCases() drops blank lines *before* numbering, so after a blank line the line
  // number in the error is too small (here it says :2: for the case on line 3).
  it("after a blank line the reported line number is still the file's", () => {
    withCases([good, '', noTurns], (path) => expect(() => readCases(path)).toThrow(`${path}:3:`));
  });
});
