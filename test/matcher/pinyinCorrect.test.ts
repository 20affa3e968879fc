import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import { Matcher } from '../../src/matcher/index.js';

let matcher: Matcher;
beforeAll(() => {
  matcher = new Matcher(loadKnowledge(defaultKnowledgeDir, {}));
});

describe('sound-alike typos resolve to the known term', () => {
  it.each([
    ['形台医保怎么备案', '邢台医保怎么备案'],
    ['刑台', '邢台'],
    ['在异的看病', '在异地看病'],
    ['需要被安吗', '需要备案吗'],
    ['意保能报吗', '医保能报吗'],
    ['信会参保', '新会参保'],
    ['台善', '台山'],
    ['光东省', '广东省'],
    ['主院结算', '住院结算'],
    ['专诊去外地', '转诊去外地'],
  ])('%s → %s', (typed, fixed) => {
    expect(matcher.segmenter.fixTypos(typed)).toBe(fixed);
  });
});

describe('different real words are left alone', () => {
  it.each(['形态', '泰山', '等级', '注意', '以后', '就医报销', '银行', '我一直在外地', '长期居住的地方'])(
    '%s',
    (text) => {
      expect(matcher.segmenter.fixTypos(text)).toBe(text);
    },
  );
});

describe('a mistyped city keeps the answer in its region', () => {
  it.each([
    ['形台异地备案有效期多久', 'xingtai'],
    ['刑台医保异地备案怎么办', 'xingtai'],
    ['信会区参保的异地备案电话', 'xinhui'],
  ])('%s → %s', (question, region) => {
    const m = matcher.match(question, { now: new Date('2026-12-02T10:00:00+08:00') });
    expect(m.policyRegion).toBe(region);
    expect(m.decision).toBe('answer');
    expect(m.top?.entry.region).not.toBe('guangdong');
  });
});
