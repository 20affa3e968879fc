// Channels by region chain (issue 10): someone insured outside Guangdong is not offered
// 粤医保 (a Guangdong-only mini program); a Guangdong asker still is, and so is anyone
// who has not said where they are insured.
import { beforeAll, describe, expect, it } from 'vitest';
import { channelServes, withoutForeignChannels } from '../../src/answers/regionalChannels.js';
import { type App, createMemoryApp } from '../../src/app.js';
import { DIALOG_NOW, type Step, transcript } from '../helpers/transcript.js';

let assistant: App;
beforeAll(() => {
  assistant = createMemoryApp({ clock: () => DIALOG_NOW });
});
const talk = async (steps: readonly Step[]): Promise<void> => {
  await transcript(assistant, steps);
};

describe('which channels serve whom', () => {
  const ROWS: Array<[channel: string, insured: string | undefined, serves: boolean]> = [
    ['yue-yibao', 'shenzhen', true],
    ['yue-yibao', 'jiangmen', true],
    ['yue-yibao', 'guangdong', true],
    ['yue-yibao', 'xingtai', false],
    ['yue-yibao', 'national', false],
    ['yue-yibao', undefined, true],
    ['nhsa-app', 'xingtai', true],
  ];
  it.each(ROWS)('%s for someone insured in %s → %s', (channel, insured, serves) => {
    expect(channelServes(assistant.knowledge, channel, insured)).toBe(serves);
  });

  it('a sentence offering only 粤医保 goes; one naming national channels too stays', () => {
    const text = '国家医保服务平台APP能查。广东参保人还可以用“粤医保”小程序查。详细步骤见下方。';
    expect(withoutForeignChannels(assistant.knowledge, text, 'xingtai')).toBe(
      '国家医保服务平台APP能查。详细步骤见下方。',
    );
    expect(withoutForeignChannels(assistant.knowledge, text, 'shenzhen')).toBe(text);
    const mixed = '线上渠道有国家医保服务平台APP和地方医保小程序（如“粤医保”）。';
    expect(withoutForeignChannels(assistant.knowledge, mixed, 'xingtai')).toBe(mixed);
  });
});

describe('an FAQ answer for someone insured outside Guangdong', () => {
  it('a 邢台 asker checking the filing status is shown the national channels, not 粤医保', () =>
    talk([
      ['我是邢台参保的', []],
      ['备案提交以后怎么查办好没有', ['备案记录', '国家医保服务平台'], '粤医保'],
    ]));

  it('a 深圳 asker is still shown 粤医保', () =>
    talk([
      ['我是深圳参保的', []],
      ['备案提交以后怎么查办好没有', ['备案记录', '粤医保']],
    ]));
});
