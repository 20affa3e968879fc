// Source authority as the user sees it: official guidance answers the basic questions and
// leads; forum experience comes after it or, where it alone answers, is labelled as some
// users' experience around 2018. Places and figures the documents do not give, and
// out-of-scope questions that share our words, get their own plain replies.
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import type { AskResult } from '../../src/conversation/turn.js';

const NOW = new Date('2026-11-25T04:00:00Z');
const FORUM_NOTE = '以下是部分网友约2018年的经验';
const FORUM_TITLE = '《异地医保卡如何使用？（网友问答）》';

let app: App;
let users = 0;
const ask = (text: string): Promise<AskResult> =>
  app.conversations.ask({ channel: 'test', user: `authority-${++users}` }, text);

beforeAll(() => {
  app = createMemoryApp({ clock: () => NOW });
});

describe('official guidance leads the basic questions', () => {
  it.each([
    ['异地就医怎么备案', '线上和线下|网上和线下'],
    ['住院了没备案还能报销吗', '出院结算前补办'],
    ['去外地住院怎么报销', '手工报销'],
    ['办了异地备案回参保地住院还能用医保吗', '邢台市2021年的规定'],
  ])('%s: the first reply states the official rule and cites an official document first', async (q, fact) => {
    const r = await ask(q);
    expect(r.fallback).toBe(false);
    const first = r.replies[0] as string;
    expect(first).toMatch(new RegExp(fact));
    expect(first.startsWith(FORUM_NOTE)).toBe(false);
    const sourceLine = first.split('\n').find((l) => l.startsWith('来源：')) ?? '';
    expect(sourceLine).not.toMatch(new RegExp(`^来源：${FORUM_TITLE}`));
    // Forum experience, where the answer mentions it at all, comes after the official rule.
    const forumAt = first.indexOf('2018');
    if (forumAt >= 0) expect(forumAt).toBeGreaterThan(first.indexOf(fact.split('|')[0] as string));
  });

  it('a forum entry linked to an official one follows it, labelled', async () => {
    const r = await ask('跨省直接结算都有哪几个步骤');
    expect(r.replies.length).toBeGreaterThanOrEqual(2);
    expect(r.replies[0]).toContain('网上和线下都能办');
    expect(r.replies[1]?.startsWith(FORUM_NOTE)).toBe(true);
    expect(r.replies[1]).toContain(FORUM_TITLE);
  });

  it('a question only the forum answers is answered with the label before it', async () => {
    const r = await ask('去外地住院时社保卡什么时候要用');
    expect(r.intent).toBe('st-card-use');
    expect(r.replies[0]?.startsWith(FORUM_NOTE)).toBe(true);
    expect(r.replies[0]).toContain('（2018，全国）');
  });

  it('the forum fact about the filing form is reachable: choose direct settlement or receipts, no stamp', async () => {
    const r = await ask('异地备案表上要不要单位盖章');
    expect(r.intent).toBe('st-filing-form-choice');
    expect(r.replies[0]).toContain('拿票据回参保地报销');
    expect(r.replies[0]).toContain('不再需要单位或社区盖章');
  });

  it('the Xingtai fact is reachable: a hospital that cannot settle directly means 零星报销 at the insuring office', async () => {
    const r = await ask('邢台医保 外地医院报不了怎么办');
    expect(r.intent).toBe('xt-manual-reimbursement');
    expect(r.replies[0]).toContain('零星报销');
    expect(r.replies[0]).toContain('（2024，邢台市）');
  });
});

describe('places and figures the documents do not give', () => {
  it.each([
    ['杭州医保住院报销比例是多少', '杭州市'],
    ['成都职工医保起付线多少钱', '成都市'],
  ])(
    '%s: says the documents have no figure for that place, the general rule, and whom to ask',
    async (q, place) => {
      const r = await ask(q);
      expect(r.fallback).toBe(true);
      expect(r.intent).toBe('fallback:uncovered-place');
      const text = r.replies[0] as string;
      expect(text).toContain(`没有${place}医保本地的报销比例`);
      expect(text).toContain('按参保地的政策执行');
      expect(text).toContain(`${place}医保经办机构`);
      expect(text).toContain('12333');
    },
  );

  it('an office of an uncovered place: no address in the documents, file online or at the counter', async () => {
    const r = await ask('南宁异地就医备案窗口地址在哪');
    expect(r.fallback).toBe(true);
    expect(r.replies[0]).toContain('没有南宁市医保经办机构的地址');
    expect(r.replies[0]).toContain('国家医保服务平台APP');
  });

  it('a figure the documents do give is still answered (Shenzhen cross-province rate)', async () => {
    const r = await ask('深圳参保 跨省异地住院 报销比例');
    expect(r.fallback).toBe(false);
    expect(r.intent).toBe('st-shenzhen-ratio');
  });

  it.each([['我是深圳参保的，在老家住院报多少'], ['深圳医保的人回老家住院能报销多少']])(
    "a Shenzhen figure asked without out-of-region words is still Shenzhen's given rate (figuresGivenFor) — %s",
    async (q) => {
      const r = await ask(q);
      expect(r.fallback).toBe(false);
      expect(r.intent).toBe('st-shenzhen-ratio');
    },
  );
});

describe('out-of-scope questions sharing words with the domain', () => {
  it.each([
    ['户口迁移要办哪些手续', 'household-registration', '派出所'],
    ['深圳哪家医院看骨科好', 'hospital-choice', '不能推荐医院'],
    ['养老保险跨省转移怎么办', 'pension-and-other-insurance', '养老保险的转移接续'],
    ['社保卡丢了怎么补办', 'social-security-card', '补办'],
  ])("%s: that topic's guidance, not a did-you-mean", async (q, topic, words) => {
    const r = await ask(q);
    expect(r.fallback).toBe(true);
    expect(r.intent).toBe(`fallback:${topic}`);
    expect(r.replies[0]).toContain(words);
    expect(r.replies[0]).not.toContain('您是想问');
  });

  it.each([['退休后户口迁到女儿那里 要办什么备案'], ['户口已经迁到定居地的退休人员 异地安置备案要带什么']])(
    '%s: an out-of-region question using those words is still answered',
    async (q) => {
      const r = await ask(q);
      expect(r.fallback).toBe(false);
      expect(r.intent.startsWith('fallback')).toBe(false);
    },
  );
});
