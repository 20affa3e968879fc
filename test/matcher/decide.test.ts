import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import { Matcher, type MatchResult } from '../../src/matcher/index.js';
import { type KnowledgeCopy, similarEntriesKnowledge } from '../helpers/knowledgeCopy.js';

const NOW = new Date('2026-11-25T04:00:00Z');

let matcher: Matcher;
let fixture: KnowledgeCopy;
let fixtureMatcher: Matcher;

beforeAll(() => {
  matcher = new Matcher(loadKnowledge(defaultKnowledgeDir));
  fixture = similarEntriesKnowledge();
  fixtureMatcher = new Matcher(loadKnowledge(fixture.dir));
});

afterAll(() => fixture?.remove());

/** Every decision keeps its ranked candidates with their scores (the curator's view). */
function expectScoredCandidates(r: MatchResult): void {
  expect(Array.isArray(r.candidates)).toBe(true);
  for (const c of r.candidates) {
    expect(c.score).toBeGreaterThanOrEqual(0);
    expect(c.score).toBeLessThanOrEqual(1);
    expect(c.entry.id).toEqual(expect.any(String));
    expect(c.features).toMatchObject({
      overlap: expect.any(Number),
      bm25: expect.any(Number),
      chars: expect.any(Number),
    });
  }
  const scores = r.candidates.map((c) => c.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
}

describe('confident answers on the real knowledge', () => {
  it.each([
    ['江门 台山 咨询电话', (id: string) => id === 'jm-phones'],
    ['跨省异地长期居住人员的备案有效期是多久', (id: string) => id.includes('long-term-validity')],
    ['江門台山市的異地就醫備案電話是多少', (id: string) => id === 'jm-phones'],
    ['江门异地就医备案电话', (id: string) => id === 'jm-phones'],
    ['邢台的临时外出就医备案能用多久', (id: string) => id === 'xt-temp-validity'],
  ])('%s → answer', (question, isExpected) => {
    const r = matcher.match(question, { now: NOW });
    expect(r.decision).toBe('answer');
    expect(r.top).toBeDefined();
    expect(isExpected(r.top?.entry.id ?? '')).toBe(true);
    expect(r.answers[0]?.entry.id).toBe(r.top?.entry.id);
    expect(r.choices).toEqual([]);
    expect(r.top?.score).toBeGreaterThanOrEqual(matcher.knowledge.matcher.confident);
    expect(r.candidates[0]?.entry.id).toBe(r.top?.entry.id);
    expectScoredCandidates(r);
  });

  it('the Traditional and the Simplified question get the same answer and score', () => {
    const t = matcher.match('江門台山市的異地就醫備案電話是多少', { now: NOW });
    const s = matcher.match('江门台山市的异地就医备案电话是多少', { now: NOW });
    expect(t.normalized.traditional).toBe(true);
    expect(t.top?.entry.id).toBe(s.top?.entry.id);
    expect(t.top?.score).toBeCloseTo(s.top?.score ?? -1, 6);
  });

  it('a typo does not stop the answer (异地备按 → 备案)', () => {
    const typo = matcher.match('跨省异地长期居住人员的备按有效期是多久', { now: NOW });
    expect(typo.decision).toBe('answer');
    expect(typo.top?.entry.id).toContain('long-term-validity');
  });

  it('an ID number in the question is masked and does not reach the tokens', () => {
    const r = matcher.match('我的身份证110101199003071234，江门异地就医备案电话', { now: NOW });
    expect(r.normalized.masked).toContain('[身份证号]');
    expect(r.normalized.masked).not.toContain('110101199003071234');
    expect(r.tokens.join(' ')).not.toMatch(/\d/);
    expect(r.top?.entry.id).toBe('jm-phones');
  });
});

describe('fallbacks for out-of-scope questions', () => {
  it.each([['护照过期了怎么换'], ['住房公积金怎么提取'], ['给我讲个笑话'], ['云南哪个医院治眼病好']])(
    '%s → fallback, scores kept',
    (question) => {
      const r = matcher.match(question, { now: NOW });
      expect(r.decision).toBe('fallback');
      expect(r.top).toBeUndefined();
      expect(r.answers).toEqual([]);
      expect(r.choices).toEqual([]);
      expectScoredCandidates(r);
      expect(r.candidates[0]?.score ?? 0).toBeLessThan(matcher.knowledge.matcher.floor);
    },
  );

  it('a fallback keeps the near misses it rejected', () => {
    const r = matcher.match('护照过期了怎么换', { now: NOW });
    expect(r.decision).toBe('fallback');
    expect(r.candidates.length).toBeGreaterThan(0);
  });

  it('a neighbouring topic the curators listed is recognized (缴费 → premiums)', () => {
    const r = matcher.match('医保缴费标准是多少', { now: NOW });
    expect(r.decision).toBe('fallback');
    expect(r.outOfScope?.id).toBe('premiums');
  });

  it('an empty message falls back without candidates', () => {
    const r = matcher.match('   ', { now: NOW });
    expect(r.decision).toBe('fallback');
    expect(r.tokens).toEqual([]);
    expectScoredCandidates(r);
  });
});

describe('did-you-mean between two close entries (fixture knowledge)', () => {
  it('the fixture has the three entries and nothing else', () => {
    expect(fixtureMatcher.knowledge.entries.map((e) => e.id).sort()).toEqual([
      'fx-card-lost',
      'fx-card-replaced',
      'fx-hotline',
    ]);
  });

  it('a question matching both closely → clarify, both offered', () => {
    const r = fixtureMatcher.match('社保卡有变化，备案还有效吗', { now: NOW });
    expect(r.decision).toBe('clarify');
    expect(r.top).toBeUndefined();
    expect(r.answers).toEqual([]);
    const ids = r.choices.map((c) => c.entry.id);
    expect(ids).toEqual(expect.arrayContaining(['fx-card-lost', 'fx-card-replaced']));
    expect(ids).not.toContain('fx-hotline');
    expect(r.choices.length).toBeLessThanOrEqual(fixtureMatcher.knowledge.matcher.maxSuggestions);
    // Choices are the leading candidates, with their scores.
    expect(r.choices.map((c) => c.entry.id)).toEqual(
      r.candidates.slice(0, r.choices.length).map((c) => c.entry.id),
    );
    expectScoredCandidates(r);
  });

  it('a question that names the difference is answered directly', () => {
    const lost = fixtureMatcher.match('社保卡挂失补领期间备案还管用吗', { now: NOW });
    expect(lost.decision).toBe('answer');
    expect(lost.top?.entry.id).toBe('fx-card-lost');
    const replaced = fixtureMatcher.match('社保卡升级换发期间备案还管用吗', { now: NOW });
    expect(replaced.decision).toBe('answer');
    expect(replaced.top?.entry.id).toBe('fx-card-replaced');
  });

  it('the unrelated entry is answered on its own', () => {
    const r = fixtureMatcher.match('医保咨询热线是多少', { now: NOW });
    expect(r.decision).toBe('answer');
    expect(r.top?.entry.id).toBe('fx-hotline');
  });
});

describe('context from earlier turns', () => {
  it('"台山呢" alone names only a place', () => {
    const r = matcher.match('台山呢', { now: NOW });
    expect(r.placeOnly).toBe(true);
  });

  // BUG (consequence of 新会 being cut 新/会 by the segmenter): tokens are ['新'], not a place.
  it('"新会呢" alone names only a place', () => {
    expect(matcher.match('新会呢', { now: NOW }).placeOnly).toBe(true);
  });

  it('a conversation already about out-of-region care anchors a bare follow-up', () => {
    const bare = matcher.match('有效期多久', { now: NOW });
    const inDomain = matcher.match('有效期多久', { now: NOW, inDomain: true });
    expect(inDomain.anchored).toBe(true);
    expect(inDomain.candidates[0]?.score ?? 0).toBeGreaterThanOrEqual(bare.candidates[0]?.score ?? 0);
  });
});

describe('a local channel named without a place', () => {
  it('粤医保 ranks the Guangdong entry first, without making Guangdong the insured region', () => {
    const r = matcher.match('粤医保 查 备案状态', { now: NOW });
    expect(r.decision).toBe('answer');
    expect(r.top?.entry.region).toBe('guangdong');
    expect(r.policyRegion).toBeUndefined();
  });
});
