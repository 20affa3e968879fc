// The WeChat official account at /wechat, against real servers on loopback ports, driven the
// way WeChat drives it: official XML, signed URLs, and in safe mode requests encrypted (and
// replies checked) by the independent wechat-crypto package.
import type { Storage } from 'botbuilder-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { dedupeKey } from '../../src/channels/wechat/dedupe.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { listenOnLoopback } from '../helpers/http.js';
import { DIALOG_NOW } from '../helpers/transcript.js';
import { field, type Sent, sha1Sorted, WechatClient, xml } from '../helpers/wechat.js';

// The account of WeChat's own sample (WXBizMsgCrypt Sample.py, 微信公众平台 消息加解密 示例代码).
const ACCOUNT = {
  token: 'spamtest',
  appId: 'wx2c2769f8efd9abc2',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

let nowMs = DIALOG_NOW.getTime();
const nowSeconds = () => Math.floor(nowMs / 1000);
/** Run `work` with the clock of WeChat and of the server set to `seconds`. */
async function at<T>(seconds: number, work: () => Promise<T>): Promise<T> {
  const saved = nowMs;
  nowMs = seconds * 1000;
  try {
    return await work();
  } finally {
    nowMs = saved;
  }
}

let assistant: App;
const apps: FastifyInstance[] = [];
let wechat: WechatClient;
let otherInstance: WechatClient;
/** Bot turns per openid (a real adapter middleware; unsubscribing runs no bot turn). */
const turns = new Map<string, number>();
const turnsOf = (openid: string) => turns.get(openid) ?? 0;

async function serve(a: App, env: Record<string, string>): Promise<string> {
  const app = createServer(a, loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }));
  const port = await listenOnLoopback(app);
  apps.push(app);
  return `http://127.0.0.1:${port}`;
}

/** The account's settings; with a key, 兼容模式 (plain and encrypted pushes both accepted). */
const accountEnv = (a: { token: string; appId?: string; encodingAesKey?: string }) => ({
  WECHAT_TOKEN: a.token,
  WECHAT_APPID: a.appId ?? '',
  WECHAT_ENCODING_AES_KEY: a.encodingAesKey ?? '',
  WECHAT_MODE: a.encodingAesKey ? 'compatible' : '',
});

beforeAll(async () => {
  assistant = createMemoryApp({ clock: () => new Date(nowMs) });
  assistant.conversations.use(async (context, next) => {
    const a = context.activity;
    if (a.channelId === 'wechat' && a.name !== 'unsubscribe') {
      const id = a.from?.id ?? '';
      turns.set(id, turnsOf(id) + 1);
    }
    await next();
  });
  wechat = new WechatClient(await serve(assistant, accountEnv(ACCOUNT)), ACCOUNT, nowSeconds);
  // A second instance of the service on the same state store.
  otherInstance = new WechatClient(await serve(assistant, accountEnv(ACCOUNT)), ACCOUNT, nowSeconds);
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
});

let users = 0;
const newUser = () => `oYidiTest${process.pid}x${++users}`;
let msgIds = 6054768590064713728n;
const newMsgId = () => String(++msgIds);
const envelope = (from: string) => ({ from, createTime: nowSeconds() });

/** The text of a passive reply (asserting the XML WeChat expects around it). */
function contentOf(sent: Sent, to: string): string {
  expect(sent.status, sent.body).toBe(200);
  expect(sent.contentType).toMatch(/^application\/xml/);
  expect(field(sent.body, 'ToUserName')).toBe(to);
  expect(field(sent.body, 'FromUserName')).toBe('gh_yidi0000001');
  expect(field(sent.body, 'MsgType')).toBe('text');
  expect(field(sent.body, 'CreateTime')).toBe(String(nowSeconds()));
  const content = field(sent.body, 'Content') ?? '';
  expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(2048);
  return content;
}

const say = async (user: string, text: string) =>
  contentOf(await wechat.plain(xml.text(envelope(user), text, newMsgId())), user);

describe('URL verification (GET /wechat)', () => {
  // wechatpy tests/test_utils.py (test_check_signature_should_ok / _should_fail): token "test".
  const WECHATPY = { token: 'test', timestamp: '1410685589', nonce: 'test' };
  let vectorBase: string;
  beforeAll(async () => {
    vectorBase = await serve(assistant, { WECHAT_TOKEN: WECHATPY.token });
  });
  const verify = (query: Record<string, string>) =>
    new WechatClient(vectorBase, { token: WECHATPY.token }, nowSeconds).request('GET', query);

  it('the published signature f21891de… of token "test" is accepted and echostr comes back as plain text', async () => {
    const res = await at(Number(WECHATPY.timestamp), () =>
      verify({
        signature: 'f21891de399b4e33a1a93c9a7b8a8fffb5a443ff',
        timestamp: WECHATPY.timestamp,
        nonce: WECHATPY.nonce,
        echostr: '5927782489442352469',
      }),
    );
    expect(res).toMatchObject({ status: 200, body: '5927782489442352469' });
    expect(res.contentType).toMatch(/^text\/plain/);
  });

  it('the published wrong signature (…a443fe) is a 403', async () => {
    const res = await at(Number(WECHATPY.timestamp), () =>
      verify({
        signature: 'f21891de399b4e33a1a93c9a7b8a8fffb5a443fe',
        timestamp: WECHATPY.timestamp,
        nonce: WECHATPY.nonce,
        echostr: '5927782489442352469',
      }),
    );
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('5927782489442352469');
  });

  it.each([
    { skew: -301, status: 403 },
    { skew: -300, status: 200 },
    { skew: 300, status: 200 },
    { skew: 301, status: 403 },
  ])('a correctly signed timestamp $skew s from our clock → $status', async ({ skew, status }) => {
    const timestamp = String(nowSeconds() + skew);
    const res = await wechat.request('GET', { ...wechat.signed(timestamp), echostr: 'echo123' });
    expect(res.status).toBe(status);
    if (status === 200) expect(res.body).toBe('echo123');
  });

  it.each<{ name: string; query: Record<string, string>; signed?: boolean; status: number }>([
    { name: 'no query at all', query: {}, status: 403 },
    { name: 'no signature', query: { timestamp: 'now', nonce: '42', echostr: 'e' }, status: 403 },
    {
      name: 'a timestamp that is not a number',
      query: { timestamp: 'abc', nonce: '1', echostr: 'e' },
      status: 403,
    },
    { name: 'no echostr', query: {}, signed: true, status: 400 },
  ])('$name → $status', async ({ query, signed, status }) => {
    const q: Record<string, string> = signed ? wechat.signed() : { ...query };
    if (q.timestamp === 'now') q.timestamp = String(nowSeconds());
    const res = await wechat.request('GET', q);
    expect(res.status).toBe(status);
  });

  it('safe mode: an encrypted echostr with msg_signature is decrypted (wechatpy tests/test_crypto.py vector)', async () => {
    // token 123456, EncodingAESKey kWxPEV…, AppID wx49f0ab532d5d035a: published with its expected plaintext.
    const account = {
      token: '123456',
      appId: 'wx49f0ab532d5d035a',
      encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
    };
    const client = new WechatClient(await serve(assistant, accountEnv(account)), account, nowSeconds);
    const echostr =
      '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==';
    const query = {
      msg_signature: 'dd6b9c95b495b3f7e2901bfbc76c664930ffdb96',
      timestamp: '1411443780',
      nonce: '437374425',
      echostr,
    };
    const ok = await at(1411443780, () => client.request('GET', query));
    expect(ok).toMatchObject({ status: 200, body: '5927782489442352469' });
    // The published failing case: another nonce.
    const bad = await at(1411443780, () => client.request('GET', { ...query, nonce: '437374424' }));
    expect(bad.status).toBe(403);
  });

  it('without WECHAT_TOKEN there is no /wechat route', async () => {
    const base = await serve(assistant, {});
    const res = await fetch(`${base}/wechat?${new URLSearchParams(wechat.signed())}&echostr=x`);
    expect(res.status).toBe(404);
  });
});

describe("WeChat's own encrypted sample message (Sample.py, compatible mode)", () => {
  // From WeChat's WXBizMsgCrypt sample: the text "abcdteT" from oyORnuP8… to gh_10f6c3c3ac5a,
  // with both the plain fields and Encrypt, signed msg_signature 5d197aaf… .
  const ENCRYPT =
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';
  const BODY = `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728</MsgId><Encrypt><![CDATA[${ENCRYPT}]]></Encrypt></xml>`;
  const QUERY = {
    timestamp: '1409735669',
    nonce: '1320562132',
    // WeChat names the sender in the push URL (not covered by the signature).
    openid: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
    encrypt_type: 'aes',
    msg_signature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  };

  it('is decrypted, answered once, and the reply is encrypted for the same account', async () => {
    const sent = await at(1409735669, () => wechat.request('POST', QUERY, BODY));
    expect(sent.status, sent.body).toBe(200);
    expect(field(sent.body, 'Nonce')).toBe('1320562132');
    expect(field(sent.body, 'TimeStamp')).toBe('1409735669');
    const inner = wechat.openReply(sent.body);
    expect(field(inner, 'ToUserName')).toBe('oyORnuP8q7ou2gfYjqLzSIWZf0rs');
    expect(field(inner, 'FromUserName')).toBe('gh_10f6c3c3ac5a');
    expect(field(inner, 'MsgType')).toBe('text');
    // "abcdteT" is not a question we know: the bot's own fallback.
    expect(field(inner, 'Content')).toContain(assistant.knowledge.messages.fallback?.split('\n')[0]);
    expect(turnsOf('oyORnuP8q7ou2gfYjqLzSIWZf0rs')).toBe(1);
  });

  it('the same request with a changed Encrypt no longer matches msg_signature: 403, no turn', async () => {
    const tampered = BODY.replace('hyzAe4Oz', 'hyzAe4Oy');
    const sent = await at(1409735669, () => wechat.request('POST', QUERY, tampered));
    expect(sent.status).toBe(403);
    expect(turnsOf('oyORnuP8q7ou2gfYjqLzSIWZf0rs')).toBe(1);
  });
});

describe('plain mode (明文模式): text, voice and what we cannot read', () => {
  it('a question gets the answer with numbered follow-ups, and "1" opens the first one', async () => {
    const user = newUser();
    const first = await say(user, '江门 台山 咨询电话');
    expect(first).toContain('台山市：备案电话 5513895');
    const option = /回复 1 查看：(.+)/.exec(first);
    expect(option, first).not.toBeNull();
    expect(first).toMatch(/回复 2 查看：/);
    const entry = assistant.knowledge.entries.find((e) => e.question === option?.[1]);
    expect(entry, `no entry asks “${option?.[1]}”`).toBeDefined();
    const picked = await say(user, '1');
    expect(picked).toContain(entry?.answer.trim().split('\n')[0]);
    // Another user's "1" picks nothing.
    expect(await say(newUser(), '1')).not.toContain(entry?.answer.trim().split('\n')[0]);
  });

  it('a dialog continues across messages of the same openid (not of another)', async () => {
    const user = newUser();
    expect(await say(user, '我妈在外地看病，没来得及备案，还能补吗？')).toContain(
      '请问您（或家人）是在哪里参保的？',
    );
    expect(await say(user, '邢台')).toContain('现在还在住院，还是已经出院了？');
    const rule = await say(user, '1');
    expect(rule).toContain('按邢台市2021年的规定');
    expect(rule).toContain('请问是哪天住院的？');
    expect(await say(user, '昨天')).toContain(
      '您是2026年11月24日住院的，最迟要在2026年12月4日前办好（还剩9天）。',
    );
    expect(await say(newUser(), '邢台')).not.toContain('现在还在住院');
  });

  it('a voice message with Recognition is answered like the same text', async () => {
    const user = newUser();
    const sent = await wechat.plain(xml.voice(envelope(user), newMsgId(), '江门台山备案电话是多少'));
    expect(contentOf(sent, user)).toContain('台山市：备案电话 5513895');
  });

  it.each([
    ['image', (from: string) => xml.image(envelope(from), newMsgId())],
    ['location', (from: string) => xml.location(envelope(from), newMsgId())],
    ['link', (from: string) => xml.link(envelope(from), newMsgId())],
    ['video', (from: string) => xml.video(envelope(from), newMsgId())],
    ['shortvideo', (from: string) => xml.video(envelope(from), newMsgId(), 'shortvideo')],
    ['voice without Recognition', (from: string) => xml.voice(envelope(from), newMsgId())],
  ])('%s → please describe it in text (the bot does not run)', async (_type, message) => {
    const user = newUser();
    const content = contentOf(await wechat.plain(message(user)), user);
    expect(content).toBe(assistant.knowledge.messages.wechatTextOnly);
    expect(content).toContain('请用文字描述您的问题');
    expect(turnsOf(user)).toBe(0);
  });

  it.each([
    [
      'a wrong signature',
      (q: Record<string, string>) => ({ ...q, signature: sha1Sorted(['x', q.timestamp ?? '']) }),
    ],
    ['no signature', ({ signature: _, ...q }: Record<string, string>) => q],
    ['a timestamp 10 minutes old', () => wechatSignedAt(-600)],
    ['a timestamp 10 minutes ahead', () => wechatSignedAt(600)],
    ['another nonce than signed', (q: Record<string, string>) => ({ ...q, nonce: '999' })],
  ])('%s → 403 and the bot never runs', async (_name, change) => {
    const user = newUser();
    const sent = await wechat.request(
      'POST',
      change(wechat.signed()),
      xml.text(envelope(user), '江门 台山 咨询电话', newMsgId()),
    );
    expect(sent.status).toBe(403);
    expect(sent.body).not.toContain('5513895');
    expect(turnsOf(user)).toBe(0);
  });
});

const wechatSignedAt = (skew: number) => wechat.signed(String(nowSeconds() + skew));

describe('safe mode (安全模式) with wechat-crypto', () => {
  it('an encrypted question gets an encrypted answer that wechat-crypto verifies and opens', async () => {
    const user = newUser();
    const sent = await wechat.safe(xml.text(envelope(user), '江门 台山 咨询电话', newMsgId()));
    expect(sent.status, sent.body).toBe(200);
    expect(sent.body).not.toContain('5513895');
    expect(field(sent.body, 'TimeStamp')).toBe(String(nowSeconds()));
    const inner = wechat.openReply(sent.body);
    expect(field(inner, 'ToUserName')).toBe(user);
    expect(field(inner, 'Content')).toContain('台山市：备案电话 5513895');
  });

  it('compatible mode (plain fields and Encrypt) is answered encrypted', async () => {
    const user = newUser();
    const sent = await wechat.compatible(xml.text(envelope(user), '江门 台山 咨询电话', newMsgId()));
    expect(field(wechat.openReply(sent.body), 'Content')).toContain('台山市：备案电话 5513895');
  });

  it('a subscription arrives encrypted: the welcome comes back encrypted', async () => {
    const user = newUser();
    const sent = await wechat.safe(xml.event(envelope(user), 'subscribe'));
    expect(field(wechat.openReply(sent.body), 'Content')).toContain(assistant.knowledge.messages.welcome);
  });

  it('refusals: tampered, foreign or broken encrypted messages never run the bot', async () => {
    const user = newUser();
    const message = xml.text(envelope(user), '江门 台山 咨询电话', newMsgId());
    const encrypt = wechat.encrypted(message);
    const body = wechat.envelope(message, encrypt);
    // msg_signature over another Encrypt.
    const otherSignature = wechat.aesQuery(wechat.encrypted(`${message} `));
    expect((await wechat.request('POST', otherSignature, body)).status).toBe(403);
    // The URL signature is wrong although msg_signature is right.
    const wrongUrlSignature = { ...wechat.aesQuery(encrypt), signature: 'f'.repeat(40) };
    expect((await wechat.request('POST', wrongUrlSignature, body)).status).toBe(403);
    // Encrypted with our key for another AppID: decrypts, but is not ours.
    const foreign = new WechatClient(wechat.base, { ...ACCOUNT, appId: 'wx0000000000000000' }, nowSeconds);
    const foreignEncrypt = foreign.encrypted(message);
    const sentForeign = await wechat.request(
      'POST',
      wechat.aesQuery(foreignEncrypt),
      wechat.envelope(message, foreignEncrypt),
    );
    expect(sentForeign.status).toBe(400);
    // Correctly signed garbage.
    const garbage = Buffer.alloc(64, 7).toString('base64');
    expect(
      (await wechat.request('POST', wechat.aesQuery(garbage), wechat.envelope(message, garbage))).status,
    ).toBe(400);
    // No Encrypt field at all.
    expect((await wechat.request('POST', wechat.aesQuery('x'), message)).status).toBe(400);
    expect(turnsOf(user)).toBe(0);
  });

  it('a server without EncodingAESKey refuses encrypted messages with a 400 (plain ones still work)', async () => {
    const plainOnly = new WechatClient(
      await serve(assistant, { WECHAT_TOKEN: ACCOUNT.token }),
      ACCOUNT,
      nowSeconds,
    );
    const user = newUser();
    expect((await plainOnly.safe(xml.text(envelope(user), '异地就医备案怎么办', newMsgId()))).status).toBe(
      400,
    );
    expect(turnsOf(user)).toBe(0);
    expect(
      contentOf(await plainOnly.plain(xml.text(envelope(user), '江门 台山 咨询电话', newMsgId())), user),
    ).toContain('5513895');
  });
});

describe('events: subscribe, menu clicks, unsubscribe', () => {
  const event = (user: string, name: string, key?: string, createTime = nowSeconds()) =>
    wechat.plain(xml.event({ from: user, createTime }, name, key));

  it('subscribe → the welcome and example questions', async () => {
    const user = newUser();
    const content = contentOf(await event(user, 'subscribe'), user);
    expect(content).toContain(assistant.knowledge.messages.welcome);
    expect(content).toContain('您可以这样问：');
    expect(content).toContain('回复 1 查看：异地就医备案怎么办？');
    // "1" right after subscribing picks the first example question.
    const one = contentOf(await wechat.plain(xml.text(envelope(user), '1', newMsgId())), user);
    expect(one).toContain('来源：');
    expect(one).toContain('备案');
  });

  it('a menu CLICK with an FAQ entry id → that entry, with numbered follow-ups', async () => {
    const user = newUser();
    const entry = assistant.knowledge.entryById.get('jm-phones');
    const content = contentOf(await event(user, 'CLICK', 'jm-phones'), user);
    expect(content).toContain(entry?.answer.trim().split('\n')[0]);
    expect(content).toContain('回复 1 查看：');
    expect(turnsOf(user)).toBe(1);
  });

  it('a menu CLICK with a dialog id → that dialog starts and goes on with the next message', async () => {
    const user = newUser();
    expect(contentOf(await event(user, 'CLICK', 'late-filing'), user)).toContain(
      '请问您（或家人）是在哪里参保的？',
    );
    expect(await say(user, '邢台')).toContain('现在还在住院，还是已经出院了？');
  });

  it('a menu CLICK with an unknown key → the bot says what it can answer, with numbered examples', async () => {
    const user = newUser();
    const content = contentOf(await event(user, 'CLICK', 'no-such-entry'), user);
    expect(content).toContain(assistant.knowledge.messages.basics.unknownMenu);
    expect(content).toContain('回复 1 查看：异地就医备案怎么办？');
    expect(await say(user, '1')).toContain('来源：');
  });

  it('other events (VIEW, LOCATION) → "success", no turn', async () => {
    const user = newUser();
    for (const name of ['VIEW', 'LOCATION', 'TEMPLATESENDJOBFINISH']) {
      const sent = await event(user, name, 'https://example.org/');
      expect(sent).toMatchObject({ status: 200, body: 'success' });
    }
    expect(turnsOf(user)).toBe(0);
  });

  it('unsubscribe → "success"; the conversation, user state and every dedupe row of the user are gone', async () => {
    const user = newUser();
    const storage: Storage = assistant.storage;
    // The keys are salted hashes of the openid (src/conversation/conversationKey.ts).
    const { stateKey, userStateKey, userKey } = assistant.conversations.keys.of({ channel: 'wechat', user });
    const keys = [stateKey, userStateKey];
    expect(keys.join()).not.toContain(user);
    const asked = xml.text(envelope(user), '江门 台山 咨询电话', newMsgId());
    expect(contentOf(await wechat.plain(asked), user)).toContain('回复 1 查看：');
    await storage.write({ [keys[1] as string]: { note: 'user state of this openid' } });
    expect(Object.keys(await storage.read(keys)).sort()).toEqual([...keys].sort());
    const row = dedupeKey(userKey, field(asked, 'MsgId') ?? '');
    expect(await assistant.claims.get(row)).toMatch(/^d.*5513895/s);

    const sent = await event(user, 'unsubscribe', undefined, nowSeconds() + 1);
    expect(sent).toMatchObject({ status: 200, body: 'success' });
    expect(await storage.read(keys)).toEqual({});
    expect(await assistant.claims.get(row)).toBeUndefined();
    expect(await assistant.claims.deleteOwner(userKey)).toBe(0);
    // Subscribing again starts afresh: "1" picks the welcome's first example, not the old suggestion.
    await event(user, 'subscribe', undefined, nowSeconds() + 2);
    const one = await say(user, '1');
    expect(one).not.toContain('5513895');
    expect(one).toContain('来源：');
  });
});

describe('retries: one message, one turn, the same reply', () => {
  it('WeChat retries the same MsgId three times: the bot ran once, every reply is the same', async () => {
    const user = newUser();
    const message = xml.text(envelope(user), '江门 台山 咨询电话', newMsgId());
    const replies = [];
    for (let i = 0; i < 4; i += 1) replies.push(await wechat.plain(message));
    expect(new Set(replies.map((r) => r.body)).size).toBe(1);
    expect(contentOf(replies[0] as Sent, user)).toContain('5513895');
    expect(turnsOf(user)).toBe(1);
  });

  it('a retry that reaches another instance gets the stored reply (the record is in the claim store)', async () => {
    const user = newUser();
    const message = xml.text(envelope(user), '江门 台山 咨询电话', newMsgId());
    const first = await wechat.plain(message);
    const retry = await otherInstance.plain(message);
    expect(retry.body).toBe(first.body);
    expect(turnsOf(user)).toBe(1);
    const { userKey } = assistant.conversations.keys.of({ channel: 'wechat', user });
    const record = await assistant.claims.get(dedupeKey(userKey, field(message, 'MsgId') ?? ''));
    expect(record).toBe(`d${field(first.body, 'Content')}`);
  });

  it('dialog answers are not applied twice: a retried "邢台" does not answer the next question', async () => {
    const user = newUser();
    await say(user, '我妈在外地看病，没来得及备案，还能补吗？');
    const region = xml.text(envelope(user), '邢台', newMsgId());
    const once = await wechat.plain(region);
    const again = await wechat.plain(region);
    expect(again.body).toBe(once.body);
    expect(contentOf(again, user)).toContain('现在还在住院，还是已经出院了？');
    expect(await say(user, '1')).toContain('按邢台市2021年的规定');
  });

  it('events are told apart by CreateTime: the same subscribe twice is one turn, a later one is another', async () => {
    const user = newUser();
    const subscribe = xml.event({ from: user, createTime: nowSeconds() }, 'subscribe');
    const a = await wechat.plain(subscribe);
    const b = await wechat.plain(subscribe);
    expect(b.body).toBe(a.body);
    expect(turnsOf(user)).toBe(1);
    await wechat.plain(xml.event({ from: user, createTime: nowSeconds() + 1 }, 'subscribe'));
    expect(turnsOf(user)).toBe(2);
  });
});

describe('bad requests: a 4xx before the bot runs, never a 5xx', () => {
  const user = newUser();
  const text = (content: string) => xml.text(envelope(user), content, newMsgId());
  const big = (bytes: number) => text('问'.repeat(Math.ceil(bytes / 3)));
  it.each<{ name: string; body: () => string | Buffer | undefined; type?: string; status: number }>([
    {
      name: 'XXE: a DOCTYPE with an external entity',
      body: () =>
        `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${text('&xxe;')}`,
      status: 400,
    },
    {
      name: 'billion laughs: nested internal entities',
      body: () =>
        `<!DOCTYPE xml [<!ENTITY a "哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>${text('&c;')}`,
      status: 400,
    },
    { name: 'a lowercase doctype', body: () => `<!doctype xml>${text('x')}`, status: 400 },
    { name: 'an ENTITY declaration without DOCTYPE', body: () => `<!ENTITY x "y">${text('x')}`, status: 400 },
    { name: 'not XML', body: () => '江门 台山 咨询电话', status: 400 },
    {
      name: 'JSON',
      body: () => JSON.stringify({ user, text: '江门' }),
      type: 'application/json',
      status: 400,
    },
    { name: 'malformed XML', body: () => text('x').replace('</xml>', ''), status: 400 },
    { name: 'a root other than <xml>', body: () => text('x').replaceAll('xml>', 'msg>'), status: 400 },
    {
      name: 'no FromUserName',
      body: () => text('x').replace(/<FromUserName>.*<\/FromUserName>/, ''),
      status: 400,
    },
    { name: 'no MsgType', body: () => text('x').replace(/<MsgType>.*<\/MsgType>/, ''), status: 400 },
    { name: 'an empty body', body: () => '', status: 400 },
    { name: 'no body', body: () => undefined, status: 400 },
    {
      name: 'invalid UTF-8',
      body: () =>
        Buffer.concat([
          Buffer.from(text('异地').slice(0, 120)),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('</xml>'),
        ]),
      status: 400,
    },
    { name: 'a body over 64 KB', body: () => big(70 * 1024), status: 413 },
    { name: 'a body over 64 KB, not even XML', body: () => 'x'.repeat(65 * 1024 + 1), status: 413 },
  ])('$name → $status', async ({ body, type, status }) => {
    const before = turnsOf(user);
    const sent = await wechat.request('POST', wechat.signed(), body(), type);
    expect(sent.status, sent.body).toBe(status);
    expect(turnsOf(user)).toBe(before);
  });

  it('"<!DOCTYPE" typed by a user inside CDATA is just text: answered', async () => {
    const content = contentOf(await wechat.plain(text('<!DOCTYPE html> 江门 台山 咨询电话')), user);
    expect(content).toContain('5513895');
  });

  it('a 60 KB message is accepted and the bot asks for a shorter question', async () => {
    const content = contentOf(await wechat.plain(big(60 * 1024)), user);
    expect(content).toBe(assistant.knowledge.messages.tooLong);
  });

  it('XML is read on /wechat only: the JSON API of the same server still refuses XML and takes JSON', async () => {
    const ask = (body: string, type: string) =>
      fetch(`${wechat.base}/api/ask`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await ask(text('江门'), 'text/xml')).status).toBe(415);
    const json = await ask(
      JSON.stringify({ user: newUser(), text: '江门 台山 咨询电话' }),
      'application/json',
    );
    expect(json.status).toBe(200);
  });

  it('errors are bilingual JSON, and the server still answers afterwards', async () => {
    const sent = await wechat.request('POST', wechat.signed(), 'not xml');
    expect(JSON.parse(sent.body).error).toMatch(/\p{Script=Han}.* \/ [A-Za-z]/u);
    expect(await say(newUser(), '江门 台山 咨询电话')).toContain('5513895');
  });
});
