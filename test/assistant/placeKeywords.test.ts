// Keyword queries that name a place we have documents for, with no 异地/备案 word
// (江门 第三类 申请表): ours, answered; the same place with words that are not ours
// (定点药店, 缴费, 社保卡激活, a local figure) is still the fallback or that topic's guidance.
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import type { AskResult } from '../../src/conversation/turn.js';

const NOW = new Date('2026-11-25T04:00:00Z');

let app: App;
let users = 0;
const ask = (text: string): Promise<AskResult> =>
  app.conversations.ask({ channel: 'test', user: `place-kw-${++users}` }, text);

beforeAll(() => {
  app = createMemoryApp({ clock: () => NOW });
});

describe('keyword queries naming a covered place', () => {
  it.each([
    ['江门 第三类 要填的表', '非定点医疗机构就医申请表'],
    ['江门 市直 咨询电话', '3512333'],
  ])('%s: answered (%s), not just "noted"', async (q, words) => {
    const r = await ask(q);
    expect(r.fallback).toBe(false);
    const text = r.replies.join('\n');
    expect(text).toContain(words);
    expect(text).not.toContain('记下了');
  });

  it.each([
    ['邢台医保定点药店在哪', 'fallback:hospital-advice'],
    ['江门社保卡怎么激活', 'fallback:social-security-card'],
    ['深圳医保门诊大病起付线多少', undefined],
  ])('%s: not ours', async (q, intent) => {
    const r = await ask(q);
    expect(r.fallback).toBe(true);
    if (intent) expect(r.intent).toBe(intent);
    expect(r.replies.join('')).not.toContain('您是想问');
  });
});
