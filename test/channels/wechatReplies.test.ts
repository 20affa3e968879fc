// WeChat replies that need a purpose-made knowledge base or a slow state store: did-you-mean
// choices picked by number, an answer longer than WeChat's 2048 bytes, retries that arrive
// while the first request still runs, and a bot slower than WeChat's 5-second window.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { dedupeKey } from '../../src/channels/wechat/dedupe.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { listenOnLoopback } from '../helpers/http.js';
import { type KnowledgeCopy, similarEntriesKnowledge } from '../helpers/knowledgeCopy.js';
import { DIALOG_NOW } from '../helpers/transcript.js';
import { field, LatencyStorage, type Sent, WechatClient, xml } from '../helpers/wechat.js';

const ACCOUNT = { token: 'yidiToken2026' };
const nowSeconds = () => Math.floor(DIALOG_NOW.getTime() / 1000);

// 40 numbered steps with characters outside the BMP (𠮷: a surrogate pair, 4 bytes in UTF-8),
// ≈ 3 600 bytes: far over WeChat's limit.
const LONG_ANSWER = Array.from(
  { length: 40 },
  (_, i) => `第${i + 1}步：带好社保卡和𠮷字号材料，到窗口核对信息并签字确认。`,
).join('\n');
const LONG_FAQ = `title: 测试用长答案
entries:
  - id: fx-long
    topic: settlement
    region: national
    question: 异地就医结算的全部流程有哪些？
    paraphrases:
      - 异地就医结算全流程
      - 异地就医结算的所有步骤是什么
      - 异地结算整个流程怎么走
    answer: |
${LONG_ANSWER.split('\n')
  .map((line) => `      ${line}`)
  .join('\n')}
    sources:
      - { doc: national-guide, quote: 国家医保服务平台APP }
    related: [fx-hotline, fx-card-lost]
`;

let knowledge: KnowledgeCopy;
let assistant: App;
const storage = new LatencyStorage();
const apps: FastifyInstance[] = [];
let wechat: WechatClient;
let otherInstance: WechatClient;
let impatient: WechatClient;
const turns = new Map<string, number>();
const turnsOf = (openid: string) => turns.get(openid) ?? 0;

async function serve(env: Record<string, string> = {}): Promise<WechatClient> {
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', WECHAT_TOKEN: ACCOUNT.token, ...env });
  const app = createServer(assistant, config);
  const port = await listenOnLoopback(app);
  apps.push(app);
  return new WechatClient(`http://127.0.0.1:${port}`, ACCOUNT, nowSeconds);
}

beforeAll(async () => {
  knowledge = similarEntriesKnowledge();
  knowledge.writeRaw('faq/long.yaml', LONG_FAQ);
  assistant = createApp({ knowledgeDir: knowledge.dir, storage, clock: () => DIALOG_NOW });
  assistant.conversations.use(async (context, next) => {
    const id = context.activity.from?.id ?? '';
    turns.set(id, turnsOf(id) + 1);
    await next();
  });
  wechat = await serve();
  otherInstance = await serve();
  impatient = await serve({ WECHAT_REPLY_DEADLINE_MS: '100' });
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  knowledge?.remove();
});

let users = 0;
const newUser = () => `oYidiReplies${process.pid}x${++users}`;
let msgIds = 7000000000000000000n;
const textMessage = (user: string, text: string) =>
  xml.text({ from: user, createTime: nowSeconds() }, text, String(++msgIds));

function contentOf(sent: Sent): string {
  expect(sent.status, sent.body).toBe(200);
  const content = field(sent.body, 'Content') ?? '';
  expect(content, sent.body).not.toBe('');
  return content;
}
const say = async (user: string, text: string) => contentOf(await wechat.plain(textMessage(user, text)));

describe('did-you-mean, picked by number', () => {
  it('the choices are listed once, numbered; "2" opens the second', async () => {
    const user = newUser();
    const ask = await say(user, '社保卡有变化，备案还有效吗');
    expect(ask).toContain(assistant.knowledge.messages.didYouMean);
    expect(ask).toContain(assistant.knowledge.messages.didYouMeanHint);
    expect(ask).not.toContain('回复 1 查看');
    const second = /^2\. (.+)$/m.exec(ask)?.[1];
    const entry = assistant.knowledge.entries.find((e) => e.question === second);
    expect(entry, ask).toBeDefined();
    expect(await say(user, '2')).toContain(entry?.answer.trim());
  });
});

describe("WeChat's 2048-byte limit", () => {
  it('a long answer is cut cleanly at a character, says so, and keeps the numbered follow-ups', async () => {
    expect(Buffer.byteLength(LONG_ANSWER)).toBeGreaterThan(3000);
    const user = newUser();
    const content = await say(user, '异地就医结算的全部流程有哪些？');
    const note = assistant.knowledge.messages.wechatTruncated ?? '';
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(2048);
    expect(Buffer.byteLength(content, 'utf8')).toBeGreaterThan(1900);
    expect(content.isWellFormed()).toBe(true);
    const [kept, options] = content.split(note);
    expect(LONG_ANSWER.startsWith(kept as string)).toBe(true);
    expect(kept).toContain('第1步：');
    expect(options).toContain('回复 1 查看：医保咨询热线是多少？');
    expect(options).toContain('回复 2 查看：社保卡挂失补领期间，异地就医备案还有效吗？');
    // The follow-ups still work.
    expect(await say(user, '1')).toContain('测试答案：请拨打12333。');
  });
});

describe('slow turns and retries (state store with 150 ms latency)', () => {
  const slow = async <T>(work: () => Promise<T>): Promise<T> => {
    storage.delayMs = 150;
    try {
      return await work();
    } finally {
      storage.delayMs = 0;
    }
  };

  it('three copies arriving together: one turn, the same reply to each', async () => {
    const user = newUser();
    const message = textMessage(user, '医保咨询热线是多少？');
    const replies = await slow(() => Promise.all([1, 2, 3].map(() => wechat.plain(message))));
    expect(contentOf(replies[0] as Sent)).toContain('测试答案：请拨打12333。');
    expect(new Set(replies.map((r) => r.body)).size).toBe(1);
    expect(turnsOf(user)).toBe(1);
  });

  it('a retry reaching another instance while the first still runs waits for it', async () => {
    const user = newUser();
    const message = textMessage(user, '医保咨询热线是多少？');
    const [first, retry] = await slow(() =>
      Promise.all([
        wechat.plain(message),
        new Promise((resolve) => setTimeout(resolve, 400)).then(() => otherInstance.plain(message)),
      ]),
    );
    expect(contentOf(retry)).toContain('测试答案：请拨打12333。');
    expect(retry.body).toBe(first.body);
    expect(turnsOf(user)).toBe(1);
  });

  it('a bot slower than the deadline: "success" in time, the turn completes, a retry gets the answer', async () => {
    const user = newUser();
    const message = textMessage(user, '医保咨询热线是多少？');
    const started = Date.now();
    const first = await slow(async () => {
      const sent = await impatient.plain(message);
      const elapsed = Date.now() - started;
      // Let the turn finish while the store is still slow.
      const { userKey } = assistant.conversations.keys.of({ channel: 'wechat', user });
      const record = dedupeKey(userKey, field(message, 'MsgId') ?? '');
      for (let i = 0; i < 100 && !(await assistant.claims.get(record))?.startsWith('d'); i += 1)
        await new Promise((resolve) => setTimeout(resolve, 50));
      return { sent, elapsed };
    });
    expect(first.sent).toMatchObject({ status: 200, body: 'success' });
    expect(first.elapsed).toBeLessThan(4500);
    // The turn's state was saved: the conversation remembers the entry it answered.
    const key = assistant.conversations.keys.of({ channel: 'wechat', user }).stateKey;
    const state = (await storage.read([key]))[key] as { memory?: { lastIntent?: string } } | undefined;
    expect(state?.memory?.lastIntent).toBe('fx-hotline');
    const retry = await impatient.plain(message);
    expect(contentOf(retry)).toContain('测试答案：请拨打12333。');
    expect(turnsOf(user)).toBe(1);
  });
});
