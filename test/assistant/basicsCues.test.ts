// Which basic a message is (knowledge/basics.yaml cue lists): small talk only when the whole
// message is small talk, a person wanted, feedback words, personal numbers and a lookup of
// one's own filing, and a message in another language.
import { describe, expect, it } from 'vitest';
import { createMemoryApp } from '../../src/app.js';
import { BasicsCues } from '../../src/assistant/basics/cues.js';

const cues = new BasicsCues(createMemoryApp().knowledge);

describe('small talk', () => {
  it.each([
    ['你好', 'greeting'],
    ['您好！', 'greeting'],
    ['在吗？', 'greeting'],
    ['在不在', 'greeting'],
    ['哈喽', 'greeting'],
    ['Hi', 'greeting'],
    ['谢谢', 'thanks'],
    ['多謝你', 'thanks'],
    ['谢谢小助手！', 'thanks'],
    ['好的', 'ack'],
    ['嗯', 'ack'],
    ['嗯嗯 明白了', 'ack'],
    ['好的，谢谢', 'thanks'],
    ['再见', 'goodbye'],
    ['拜拜啦', 'goodbye'],
    ['谢谢，再见', 'goodbye'],
    ['辛苦了', 'praise'],
  ])('%j → %s', (text, kind) => {
    expect(cues.smallTalk(text)).toBe(kind);
  });

  it.each([
    ['你好，江门备案电话多少'],
    ['好的，那要带什么材料'],
    ['在外地住院了'],
    ['谢谢你告诉我备案怎么办，那报销呢'],
    ['你'],
    [''],
  ])('%j is not small talk', (text) => {
    expect(cues.smallTalk(text)).toBeUndefined();
  });

  it('a greeting in front of a question is dropped from the question', () => {
    expect(cues.withoutGreeting('你好，江门备案电话多少')).toBe('江门备案电话多少');
    expect(cues.withoutGreeting('您好！请问 异地就医怎么备案？')).toBe('异地就医怎么备案');
    expect(cues.withoutGreeting('异地就医怎么备案')).toBe('异地就医怎么备案');
    expect(cues.withoutGreeting('你好')).toBe('你好');
  });
});

describe('the way to a person', () => {
  it.each([
    '转人工',
    '人工客服',
    '能不能给我找个真人 机器人说不明白',
    '有没有电话可以打',
    '我要投诉',
    '我要找你们领导投诉',
  ])('%j wants a person', (text) => {
    expect(cues.wantsHuman(text)).toBe(true);
  });

  it.each(['江门备案电话多少', '异地就医备案怎么办', '人员类别有哪些'])('%j does not', (text) => {
    expect(cues.wantsHuman(text)).toBe(false);
  });
});

describe('feedback', () => {
  it.each([
    ['没用', 'unhelpful'],
    ['不对', 'unhelpful'],
    ['答非所问', 'unhelpful'],
    ['没用啊', 'unhelpful'],
    ['有用', 'helpful'],
    ['有帮助，谢谢', 'helpful'],
  ])('%j → %s', (text, rating) => {
    expect(cues.feedback(text)).toBe(rating);
  });

  it.each(['没用的备案还要办吗', '不对吧，我是江门的', '谢谢'])('%j is no feedback', (text) => {
    expect(cues.feedback(text)).toBeUndefined();
  });
});

describe('personal numbers', () => {
  it.each([
    ['我身份证号110101199001011234，帮我查下备案成功没', true],
    ['手机号13800138000，帮我看看我的异地备案办好了没有', true],
    ['麻烦查询一下 身份证号码 110101199001011234 的备案状态', true],
    ['我电话13800138000，异地就医备案怎么办', false],
  ])('%j: a number, lookup %s', (text, lookup) => {
    expect(cues.hasPersonalNumber(text)).toBe(true);
    expect(cues.wantsPersonalLookup(text)).toBe(lookup);
  });

  it('a full-width phone number counts; a public 7-digit office line does not', () => {
    expect(cues.hasPersonalNumber('１３８００１３８０００')).toBe(true);
    expect(cues.hasPersonalNumber('新会备案电话6102028打不通')).toBe(false);
    expect(cues.wantsPersonalLookup('帮我查下备案成功没')).toBe(false);
  });
});

describe('other languages', () => {
  it.each([
    ['Hello, how do I register for medical treatment in another province?', true],
    ['Hi, is my filing done?', true],
    ['abcdteT', false],
    ['Hi', false],
    ['APP怎么备案', false],
  ])('%j → %s', (text, foreign) => {
    expect(cues.isForeign(text)).toBe(foreign);
  });
});
