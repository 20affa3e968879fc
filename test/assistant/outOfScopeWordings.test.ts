// Out-of-scope questions worded with places or words in between (户口怎么从A迁到B, 社保关系
//怎么从A转到B, 买什么保险): the matching topic's guidance, never a did-you-mean of our entries;
// questions of our own that use the same words are still answered.
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import type { AskResult } from '../../src/conversation/turn.js';

const NOW = new Date('2026-11-25T04:00:00Z');

let app: App;
let users = 0;
const ask = (text: string): Promise<AskResult> =>
  app.conversations.ask({ channel: 'test', user: `oos-wording-${++users}` }, text);

beforeAll(() => {
  app = createMemoryApp({ clock: () => NOW });
});

describe('out-of-scope wordings with places in between', () => {
  it.each([
    ['户口怎么从邢台迁到北京', 'household-registration', '派出所'],
    ['我想把户口从江门迁到广州 咋弄', 'household-registration', '派出所'],
    ['社保关系怎么从江门转到广州', 'insurance-transfer', '转移接续'],
    ['医保关系转移到外省要什么手续', 'insurance-transfer', '转移接续'],
    ['换工作了 社保怎么从深圳转到长沙', 'insurance-transfer', '转移接续'],
    ['去外地上学 要买什么保险好', 'other-insurance', '商业保险'],
  ])("%s: that topic's guidance", async (q, topic, words) => {
    const r = await ask(q);
    expect(r.fallback).toBe(true);
    expect(r.intent).toBe(`fallback:${topic}`);
    expect(r.replies[0]).toContain(words);
    expect(r.replies.join('')).not.toContain('您是想问');
  });

  it.each([['户口没迁过去 退休后住外地 算异地安置吗'], ['江门医保 我爸要转到广州的医院住院 怎么备案']])(
    '%s: a question of ours using those words is still answered',
    async (q) => {
      const r = await ask(q);
      expect(r.fallback).toBe(false);
      expect(r.intent.startsWith('fallback')).toBe(false);
    },
  );
});
