import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import type { Knowledge } from '../../src/knowledge/types.js';
import { Segmenter } from '../../src/matcher/segment.js';
import { normalize } from '../../src/text/normalize.js';

let knowledge: Knowledge;
let segmenter: Segmenter;
/** The pipeline's view of a user message: normalize, then segment. */
const words = (raw: string) => segmenter.words(normalize(raw).text);
const tokens = (raw: string) => segmenter.tokens(normalize(raw).text);

/**
 * BUG: domain words jieba still cuts in two after start-up. ensureJieba() inserts a word only
 * when jieba splits it, with the user-word weight; for these the parts' own frequencies still
 * win (cut('新会') is 新/会 before and after insertWord), so they are never kept whole.
 */
const BROKEN_WORDS = ['新会', '信都', '襄都', '南和', '全国各地', '工作合同', '市外', '小程序'];
/** The same bug for synonym variants: cut before they can be folded onto their canonical word. */
const BROKEN_VARIANTS = [
  '服务号',
  '直接报',
  '住医院',
  '生孩子',
  '派到',
  '派我',
  '派去',
  '再办',
  '再备案',
  '能用',
  '起作用',
  '门特',
  '看医生',
];

beforeAll(() => {
  knowledge = loadKnowledge(defaultKnowledgeDir);
  segmenter = new Segmenter(knowledge);
});

describe('domain words stay whole', () => {
  it.each([
    ['异地就医', '我想办异地就医'],
    ['异地就医', '外省异地就医怎么报销'],
    ['社保卡', '社保卡丢了'],
    ['社保卡', '用社保卡结算'],
    ['直接结算', '可以直接结算吗'],
    ['江门', '我在江门参保'],
    ['台山', '台山的备案电话'],
    ['邢台', '邢台医保'],
    ['有效期', '备案有效期多久'],
    ['参保地', '回参保地报销'],
    ['承诺书', '个人承诺书怎么写'],
  ])('%s in %s', (word, message) => {
    expect(words(message)).toContain(word);
  });

  // BUG (see BROKEN_WORDS): the district name 新会 is cut 新/会 in every context.
  it.each([
    ['新会', '新会'],
    ['新会', '新会呢'],
    ['新会', '我在新会参保'],
    ['新会', '新会的备案电话是多少'],
  ])('%s in %s', (word, message) => {
    expect(words(message)).toContain(word);
  });

  it('every other place name of the gazetteer is kept whole when written alone', () => {
    const broken = [...knowledge.regions.values()]
      .flatMap((r) => [r.name, ...r.aliases])
      .filter((name) => name.length >= 2 && !BROKEN_WORDS.includes(name))
      .filter((name) => !words(name).includes(name));
    expect(broken).toEqual([]);
  });

  it('every other domain word of lexicon.yaml is kept whole when written alone', () => {
    const { userWords, domainAnchors, synonyms } = knowledge.lexicon;
    const broken = [...userWords, ...domainAnchors, ...Object.keys(synonyms)]
      .filter((w) => w.length >= 2 && !BROKEN_WORDS.includes(w))
      .filter((w) => !words(w).includes(w.toLowerCase()));
    expect(broken).toEqual([]);
  });

  it.each(BROKEN_WORDS.slice(1))('%s is kept whole', (word) => {
    expect(words(word)).toContain(word);
  });
});

describe('synonyms fold onto one token (lexicon.yaml)', () => {
  it.each([
    ['医保卡丢了', '社保卡', '医保卡'],
    ['社会保障卡丢了', '社保卡', '社会保障卡'],
    ['怎么结算', '报销', '结算'],
    ['怎么报账', '报销', '报账'],
    ['外省看病', '异地就医', '外省看病'],
    ['户口本', '户口簿', '户口本'],
    ['直接报销', '直接结算', '直接报销'],
    ['电话号码', '电话', '电话号码'],
    ['社保中心在哪', '经办机构', '社保中心'],
  ])('%s → %s', (message, canonical, variant) => {
    const t = tokens(message);
    expect(t).toContain(canonical);
    expect(t).not.toContain(variant);
  });

  /** Problems folding `variant` onto `canonical` when written alone. */
  const foldProblem = (canonical: string, variant: string): string | undefined => {
    const t = segmenter.tokens(normalize(variant).text);
    const v = variant.toLowerCase();
    const keptVariant = v !== canonical && t.includes(v);
    const lostCanonical = !segmenter.isStopword(canonical) && !t.includes(canonical);
    return keptVariant || lostCanonical ? `${variant}→${t.join('/')}` : undefined;
  };
  const variants = () =>
    Object.entries(knowledge.lexicon.synonyms).flatMap(([canonical, vs]) =>
      vs.map((v): [string, string] => [canonical, v]),
    );

  it('every other synonym variant written alone yields its canonical word and never the variant', () => {
    const wrong = variants()
      .filter(([, v]) => !BROKEN_VARIANTS.includes(v))
      .map(([canonical, v]) => foldProblem(canonical, v))
      .filter(Boolean);
    expect(wrong).toEqual([]);
  });

  it.each(BROKEN_VARIANTS)('%s folds onto its canonical word', (variant) => {
    const [canonical] = variants().find(([, v]) => v === variant) ?? [''];
    expect(canonical).not.toBe('');
    expect(foldProblem(canonical, variant)).toBeUndefined();
  });

  it('place names fold onto their short form (邢台市 → 邢台, 新会区 → 新会)', () => {
    expect(tokens('邢台市')).toContain('邢台');
    expect(tokens('邢台市')).not.toContain('邢台市');
    expect(tokens('新会区备案')).toContain('新会');
    expect(tokens('新会区备案')).not.toContain('新会区');
  });
});

describe('typo repair', () => {
  it.each([
    ['异地备按怎么办', '异地备案怎么办'],
    ['被案要多久', '备案要多久'],
    ['去外地就以', '去外地就医'],
    ['异地就以备案', '异地就医备案'],
    ['社报卡丢了', '社保卡丢了'],
    ['江们的电话', '江门的电话'],
    ['我的医报卡', '我的医保卡'],
  ])('%s → %s', (typed, fixed) => {
    expect(segmenter.fixTypos(normalize(typed).text)).toBe(fixed);
  });

  it.each([['就医报销怎么弄'], ['异地就医报销比例'], ['就医报账']])(
    'the `unless` exception leaves %s alone (医报 inside 就医报销 is not a typo)',
    (text) => {
      expect(segmenter.fixTypos(text)).toBe(text);
    },
  );

  it('repairs 医报 outside the protected word in the same message', () => {
    expect(segmenter.fixTypos('我的医报卡能就医报销吗')).toBe('我的医保卡能就医报销吗');
  });

  it('a repaired word matches like the correct one', () => {
    expect(tokens('异地备按')).toEqual(tokens('异地备案'));
    expect(tokens('我的医报卡')).toContain('社保卡');
  });
});

describe('stopwords', () => {
  it('drops particles, pronouns and politeness', () => {
    const t = tokens('请问我想问一下异地就医的备案吗');
    for (const stop of ['请问', '我', '的', '吗', '一下']) expect(t).not.toContain(stop);
    expect(t).toEqual(expect.arrayContaining(['异地就医', '备案']));
  });

  it('a message of only stopwords has no tokens', () => {
    expect(tokens('你好，请问一下吗？')).toEqual([]);
  });

  it.each(['的', '了', '吗', '请问'])('isStopword(%s)', (w) => {
    expect(segmenter.isStopword(w)).toBe(true);
  });

  it('domain words are not stopwords', () => {
    expect(segmenter.isStopword('备案')).toBe(false);
  });
});

describe('ordinary words are not broken by the domain dictionary', () => {
  it.each([
    ['国家规定', '国家'],
    ['我是国家干部', '国家'],
    ['中华人民共和国', '中华人民共和国'],
    ['今天天气怎么样', '天气'],
    ['公司派我出差', '出差'],
  ])('%s keeps %s', (message, word) => {
    expect(words(message)).toContain(word);
  });

  it('building a second segmenter (another knowledge load) does not change segmentation', () => {
    const before = words('国家规定异地就医直接结算');
    const again = new Segmenter(knowledge);
    expect(again.words(normalize('国家规定异地就医直接结算').text)).toEqual(before);
    expect(before).toContain('国家');
  });
});

describe('digits', () => {
  it('a number is cut the same way glued to its unit or spaced', () => {
    expect(words('住院60天')).toEqual(words('住院 60 天'));
    expect(words('打12333')).toContain('12333');
  });

  // BUG: with HMM off jieba cuts a digit run into single digits, so `words()` (whose
  // SPLIT_DIGITS step is meant to keep "60" apart from "天") yields 6 / 0 / 天, and "60天"
  // shares the token "0" with "10日内".
  it.each([
    ['住院60天', '60'],
    ['10日内', '10'],
  ])('%s keeps the number %s as one token', (message, number) => {
    expect(words(message)).toContain(number);
  });
});
