// The conversation basics on the WeChat official account (plain and safe mode, a real server
// on loopback): numbered examples after subscribing and greeting that "1" picks, the human
// route as plain text, feedback words, and unknown or forged menu keys.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { readMessage } from '../../src/channels/wechat/message.js';
import { WechatTurns } from '../../src/channels/wechat/turn.js';
import { parseWechatXml } from '../../src/channels/wechat/xml.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { listenOnLoopback } from '../helpers/http.js';
import { DIALOG_NOW } from '../helpers/transcript.js';
import { field, type Sent, WechatClient, xml } from '../helpers/wechat.js';

const ACCOUNT = {
  token: 'basicsToken0123456789',
  appId: 'wx2c2769f8efd9abc2',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const nowSeconds = () => Math.floor(DIALOG_NOW.getTime() / 1000);
let assistant: App;
let app: FastifyInstance;
let wechat: WechatClient;
let users = 0;
const newUser = () => `oYidiBasics${process.pid}x${++users}`;
let msgIds = 7054768590064713728n;
const newMsgId = () => String(++msgIds);
let createTimes = nowSeconds() - 100;
/** Events carry no MsgId: each gets its own second so the dedupe keys differ. */
const envelope = (from: string) => ({ from, createTime: ++createTimes });

beforeAll(async () => {
  assistant = createMemoryApp({ clock: () => DIALOG_NOW });
  app = createServer(
    assistant,
    loadConfig({
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      WECHAT_TOKEN: ACCOUNT.token,
      WECHAT_APPID: ACCOUNT.appId,
      WECHAT_ENCODING_AES_KEY: ACCOUNT.encodingAesKey,
      WECHAT_MODE: 'compatible',
    }),
  );
  wechat = new WechatClient(`http://127.0.0.1:${await listenOnLoopback(app)}`, ACCOUNT, nowSeconds);
});

afterAll(async () => {
  await app?.close();
});

const contentOf = (sent: Sent): string => {
  expect(sent.status, sent.body).toBe(200);
  return field(sent.body, 'Content') ?? '';
};
const say = async (user: string, text: string) =>
  contentOf(await wechat.plain(xml.text(envelope(user), text, newMsgId())));
const saySafe = async (user: string, text: string) =>
  field(wechat.openReply((await wechat.safe(xml.text(envelope(user), text, newMsgId()))).body), 'Content') ??
  '';

describe('WeChat basics', () => {
  it('subscribe (encrypted) → numbered examples; "1" (encrypted) picks the first', async () => {
    const user = newUser();
    const sent = await wechat.safe(xml.event(envelope(user), 'subscribe'));
    const welcome = field(wechat.openReply(sent.body), 'Content') ?? '';
    expect(welcome).toContain(`回复 1 查看：${assistant.knowledge.messages.starters[0]}`);
    const one = await saySafe(user, '1');
    expect(one).toContain('来源：');
  });

  it('"你好" → a greeting with numbered examples; "回复 2" picks the second', async () => {
    const user = newUser();
    const hello = await say(user, '你好');
    expect(hello).toContain('您好');
    expect(hello).toContain(`回复 2 查看：${assistant.knowledge.messages.starters[1]}`);
    expect(await say(user, '回复 2')).toContain('有效');
  });

  it('"转人工" → 12333 as plain text (no card markup), with the case summary once a place is known', async () => {
    const user = newUser();
    await say(user, '江门 台山 咨询电话');
    const human = await say(user, '转人工');
    expect(human).toContain('12333');
    expect(human).toContain('台山市：备案电话 5513895');
    expect(human).not.toMatch(/tel:|<a |\[/);
  });

  it('"答非所问" after an answer is feedback: an apology and 12333', async () => {
    const user = newUser();
    await say(user, '异地就医备案怎么办');
    const sorry = await saySafe(user, '答非所问');
    expect(sorry).toContain('抱歉没帮上忙');
    expect(sorry).toContain('12333');
  });

  it('a menu CLICK "human" opens the human route', async () => {
    const user = newUser();
    expect(contentOf(await wechat.plain(xml.event(envelope(user), 'CLICK', 'human')))).toContain('12333');
  });

  it('forged EventKeys (huge, markup, unknown) get a polite reply, never a 500', async () => {
    for (const key of [
      'x'.repeat(5000),
      '<script>alert(1)</script>',
      '../../etc/passwd',
      'nat-who-can-file\u0000',
    ]) {
      const user = newUser();
      const sent = await wechat.plain(xml.event(envelope(user), 'CLICK', key));
      expect(sent.status).toBeLessThan(500);
      if (sent.status === 200)
        expect(field(sent.body, 'Content')).toContain(assistant.knowledge.messages.basics.unknownMenu);
    }
  });

  it('an unknown EventKey is logged as a warning (the key cut short)', async () => {
    const warnings: Array<[unknown, string]> = [];
    const log = { warn: (obj: unknown, msg: string) => warnings.push([obj, msg]), error: () => {} };
    const turns = new WechatTurns(
      {
        conversations: assistant.conversations,
        messages: assistant.knowledge.messages,
        claims: assistant.claims,
        clock: () => DIALOG_NOW,
        toTraditional: (s) => s,
      },
      4500,
    );
    const message = readMessage(
      parseWechatXml(xml.event(envelope(newUser()), 'CLICK', `old-${'k'.repeat(100)}`)),
    );
    if (!message) throw new Error('the event did not parse');
    const reply = await turns.reply(message, log as unknown as FastifyBaseLogger);
    expect(reply).toContain(assistant.knowledge.messages.basics.unknownMenu);
    expect(warnings.map(([, msg]) => msg)).toEqual(['wechat: menu CLICK with an unknown EventKey']);
    expect(JSON.stringify(warnings[0]?.[0])).toContain(`old-${'k'.repeat(60)}`);
    expect(JSON.stringify(warnings[0]?.[0])).not.toContain('k'.repeat(100));
  });
});
