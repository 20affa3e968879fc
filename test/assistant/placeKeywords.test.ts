// A place we have documents for, with words that are not ours (定点药店, 社保卡激活, a local
// figure): the fallback or that topic's guidance, never a did-you-mean of the place's entries.
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

describe('a covered place with words that are not ours', () => {
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
