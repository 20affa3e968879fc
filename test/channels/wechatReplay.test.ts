// Attacks on /wechat as a captured-URL attacker would try them, against real servers on
// loopback ports with real WeChat crypto (wechat-crypto encrypts, as WeChat's servers do):
// a signed plain-mode URL replayed with another body (another user, a forged unsubscribe),
// a plaintext push to a safe-mode account (downgrade), a URL naming another openid, a message
// for another account. Replay records are checked across two instances on one real SQLite
// file and on one real redis-server.
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp, createMemoryApp } from '../../src/app.js';
import { dedupeKey } from '../../src/channels/wechat/dedupe.js';
import { wechatSettings } from '../../src/channels/wechat/settings.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import type { ClaimKey, ClaimStore } from '../../src/storage/claims/claimStore.js';
import { RedisClaimStore } from '../../src/storage/claims/redisClaimStore.js';
import { SqliteClaimStore } from '../../src/storage/claims/sqliteClaimStore.js';
import { openSqlite, type SqliteDatabase } from '../../src/storage/sqliteDatabase.js';
import { SqliteStorage } from '../../src/storage/state/sqliteStorage.js';
import { type LocalRedis, startLocalRedis } from '../../tools/harness/localRedis.js';
import { expectBilingualError, listenOnLoopback } from '../helpers/http.js';
import { redisAvailable } from '../helpers/services.js';
import { tempDir } from '../helpers/tempDir.js';
import { DIALOG_NOW } from '../helpers/transcript.js';
import { field, type Sent, WechatClient, xml } from '../helpers/wechat.js';

const PLAIN = { token: 'replayTestToken2026' };
// WeChat's own sample account (WXBizMsgCrypt Sample.py).
const SAFE = {
  token: 'spamtest',
  appId: 'wx2c2769f8efd9abc2',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const nowSeconds = () => Math.floor(DIALOG_NOW.getTime() / 1000);
const servers: FastifyInstance[] = [];
const turns = new Map<string, number>();
const turnsOf = (openid: string) => turns.get(openid) ?? 0;

function counting(app: App): App {
  app.conversations.use(async (context, next) => {
    const id = context.activity.from?.id ?? '';
    turns.set(id, turnsOf(id) + 1);
    await next();
  });
  return app;
}

async function serve(app: App, env: Record<string, string>): Promise<string> {
  const server = createServer(app, loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }));
  servers.push(server);
  return `http://127.0.0.1:${await listenOnLoopback(server)}`;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

let users = 0;
const newUser = () => `oReplay${process.pid}x${++users}`;
let msgIds = 7100000000000000000n;
const text = (user: string, content: string, to?: string) =>
  xml.text({ from: user, createTime: nowSeconds(), to }, content, String(++msgIds));
const content = (sent: Sent) => {
  expect(sent.status, sent.body).toBe(200);
  return field(sent.body, 'Content') ?? '';
};
const errorOf = async (sent: Sent) =>
  expectBilingualError(new Response(sent.body, { headers: { 'content-type': sent.contentType ?? '' } }));

describe('plain mode: a captured signed URL', () => {
  let app: App;
  let wechat: WechatClient;
  beforeAll(async () => {
    app = counting(createMemoryApp({ clock: () => DIALOG_NOW }));
    wechat = new WechatClient(await serve(app, { WECHAT_TOKEN: PLAIN.token }), PLAIN, nowSeconds);
  });

  it('the same URL with the same body is WeChat’s retry: the same reply, one turn', async () => {
    const user = newUser();
    const message = text(user, '江门 台山 咨询电话');
    const query = wechat.pushQuery(message);
    const first = await wechat.request('POST', query, message);
    const again = await wechat.request('POST', query, message);
    expect(content(first)).toContain('5513895');
    expect(again.body).toBe(first.body);
    expect(turnsOf(user)).toBe(1);
  });

  it('the same URL with another user’s message is refused (403) and runs no turn', async () => {
    const victim = newUser();
    const attacker = newUser();
    const message = text(victim, '江门 台山 咨询电话');
    const query = wechat.pushQuery(message);
    expect(content(await wechat.request('POST', query, message))).toContain('5513895');
    const forged = text(attacker, '异地就医怎么备案');
    const sent = await wechat.request('POST', { ...query, openid: attacker }, forged);
    expect(sent.status).toBe(403);
    expect(await errorOf(sent)).toContain('该签名已用于另一条消息');
    expect(turnsOf(attacker)).toBe(0);
  });

  it('a forged unsubscribe on a captured URL is refused and the victim’s dialog goes on', async () => {
    const victim = newUser();
    const start = text(victim, '我妈在外地看病，没来得及备案，还能补吗？');
    const query = wechat.pushQuery(start);
    expect(content(await wechat.request('POST', query, start))).toContain('请问您（或家人）是在哪里参保的？');
    const bye = xml.event({ from: victim, createTime: nowSeconds() }, 'unsubscribe');
    expect((await wechat.request('POST', query, bye)).status).toBe(403);
    const key = app.conversations.keys.of({ channel: 'wechat', user: victim }).stateKey;
    expect(Object.keys(await app.storage.read([key]))).toEqual([key]);
    expect(content(await wechat.plain(text(victim, '邢台')))).toContain('现在还在住院，还是已经出院了？');
  });

  it('the same message under a fresh URL (WeChat retrying with a new nonce) is deduplicated, not refused', async () => {
    const user = newUser();
    const message = text(user, '江门 台山 咨询电话');
    const first = await wechat.plain(message);
    const retry = await wechat.plain(message);
    expect(retry.body).toBe(first.body);
    expect(turnsOf(user)).toBe(1);
  });

  it.each([
    ['another user’s openid', (q: Record<string, string>) => ({ ...q, openid: 'oSomebodyElse' })],
    ['no openid', ({ openid: _o, ...q }: Record<string, string>) => q],
  ])('a URL with %s is refused (403), no turn', async (_name, change) => {
    const user = newUser();
    const message = text(user, '江门 台山 咨询电话');
    const sent = await wechat.request('POST', change(wechat.pushQuery(message)), message);
    expect(sent.status).toBe(403);
    expect(await errorOf(sent)).toContain('openid');
    expect(turnsOf(user)).toBe(0);
  });

  it('a replay record lives only while its timestamp is fresh and holds only a hash of the body', async () => {
    const user = newUser();
    const message = text(user, '江门 台山 咨询电话');
    const claims = app.claims;
    const before = JSON.stringify([...(claims as unknown as { records: Map<string, unknown> }).records]);
    await wechat.plain(message);
    const after = [
      ...(claims as unknown as { records: Map<string, { value: string; expires: number }> }).records,
    ];
    const replay = after.find(([k]) => k.includes('wechat/replay/'));
    expect(replay).toBeDefined();
    expect(before).not.toContain(replay?.[0] ?? '');
    expect(replay?.[1].value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(after)).not.toContain(user);
    const lifetime = (replay?.[1].expires ?? 0) - Date.now();
    expect(lifetime).toBeGreaterThan(290_000);
    expect(lifetime).toBeLessThanOrEqual(301_000);
  });
});

describe('safe mode (EncodingAESKey set, WECHAT_MODE unset): no downgrade', () => {
  let wechat: WechatClient;
  let accountId: WechatClient;
  beforeAll(async () => {
    const app = counting(createMemoryApp({ clock: () => DIALOG_NOW }));
    const env = {
      WECHAT_TOKEN: SAFE.token,
      WECHAT_APPID: SAFE.appId,
      WECHAT_ENCODING_AES_KEY: SAFE.encodingAesKey,
    };
    wechat = new WechatClient(await serve(app, env), SAFE, nowSeconds);
    accountId = new WechatClient(
      await serve(app, { ...env, WECHAT_ACCOUNT_ID: 'gh_yidi0000001' }),
      SAFE,
      nowSeconds,
    );
  });

  it('a correctly signed plaintext push is refused (403) and answered with nothing readable', async () => {
    const user = newUser();
    const sent = await wechat.plain(text(user, '江门 台山 咨询电话'));
    expect(sent.status).toBe(403);
    expect(await errorOf(sent)).toContain('安全模式下不接受明文消息');
    expect(sent.body).not.toContain('5513895');
    expect(turnsOf(user)).toBe(0);
  });

  it('the encrypted push is answered encrypted', async () => {
    const user = newUser();
    const sent = await wechat.safe(text(user, '江门 台山 咨询电话'));
    expect(sent.status, sent.body).toBe(200);
    expect(sent.body).not.toContain('5513895');
    expect(field(wechat.openReply(sent.body), 'Content')).toContain('5513895');
  });

  it('a compatible-mode body (plain fields and Encrypt) is answered only encrypted', async () => {
    const user = newUser();
    const sent = await wechat.compatible(text(user, '江门 台山 咨询电话'));
    expect(field(wechat.openReply(sent.body), 'Content')).toContain('5513895');
    expect(field(sent.body, 'Content')).toBeUndefined();
  });

  it('an encrypted push of one user under another user’s openid is refused', async () => {
    const user = newUser();
    const message = text(user, '江门 台山 咨询电话');
    const encrypt = wechat.encrypted(message);
    const query = { ...wechat.aesQuery(encrypt, message), openid: 'oSomebodyElse' };
    expect((await wechat.request('POST', query, wechat.envelope(message, encrypt))).status).toBe(403);
    expect(turnsOf(user)).toBe(0);
  });

  it('with WECHAT_ACCOUNT_ID set, a message for another account is refused (403)', async () => {
    const user = newUser();
    const foreign = await accountId.safe(text(user, '江门 台山 咨询电话', 'gh_someoneelse1'));
    expect(foreign.status).toBe(403);
    expect(await errorOf(foreign)).toContain('不是发给本公众号');
    expect(turnsOf(user)).toBe(0);
    const ours = await accountId.safe(text(user, '江门 台山 咨询电话', 'gh_yidi0000001'));
    expect(field(accountId.openReply(ours.body), 'Content')).toContain('5513895');
  });
});

describe('WECHAT_MODE and WECHAT_TOKEN settings', () => {
  const KEYED = {
    WECHAT_TOKEN: 'abcdefghijklmnop',
    WECHAT_APPID: SAFE.appId,
    WECHAT_ENCODING_AES_KEY: SAFE.encodingAesKey,
  };

  it.each([
    [{ WECHAT_TOKEN: 'abcdefghijklmnop' }, 'plain'],
    [KEYED, 'safe'],
    [{ ...KEYED, WECHAT_MODE: 'compatible' }, 'compatible'],
    [{ ...KEYED, WECHAT_MODE: 'plain' }, 'plain'],
  ])('%j → %s mode', (env, mode) => {
    expect(wechatSettings(loadConfig(env))?.mode).toBe(mode);
  });

  it.each([
    [{ WECHAT_TOKEN: 'abc', WECHAT_MODE: 'safe' }, 'WECHAT_ENCODING_AES_KEY'],
    [{ WECHAT_TOKEN: 'abc', WECHAT_MODE: 'compatible' }, 'WECHAT_ENCODING_AES_KEY'],
    [{ WECHAT_TOKEN: 'abc', WECHAT_MODE: 'secure' }, 'WECHAT_MODE'],
    [{ WECHAT_TOKEN: 'abc', WECHAT_ACCOUNT_ID: 'gh 1' }, 'WECHAT_ACCOUNT_ID'],
    [{ WECHAT_TOKEN: 'ab' }, 'WECHAT_TOKEN'],
    [{ WECHAT_TOKEN: 'a'.repeat(33) }, 'WECHAT_TOKEN'],
    [{ WECHAT_TOKEN: 'token_with_underscore' }, 'WECHAT_TOKEN'],
  ])('%j stops the start naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}: `));
  });

  it('a token under 16 characters starts with a warning; 16 or more without one', () => {
    const short = wechatSettings(loadConfig({ WECHAT_TOKEN: 'abc', WECHAT_MODE: 'plain' }));
    expect(short?.warnings.join('\n')).toContain('WECHAT_TOKEN 只有 3 个字符');
    const long = wechatSettings(loadConfig(KEYED));
    expect(long?.warnings).toEqual([]);
  });
});

const redisPresent = redisAvailable();
const dir = tempDir('yidi-replay-');
const databases: SqliteDatabase[] = [];
let redisServer: LocalRedis | undefined;
const redisClients: Redis[] = [];
afterAll(async () => {
  for (const db of databases) db.close();
  for (const r of redisClients) r.disconnect();
  await redisServer?.stop();
  dir.remove();
});

interface Backend {
  name: string;
  available: boolean;
  open(): Promise<{ claims: ClaimStore; app: App; ttlMs(key: ClaimKey): Promise<number> }>;
}

const backends: Backend[] = [
  {
    name: 'one SQLite file',
    available: true,
    open: async () => {
      const db = openSqlite(dir.file('replay.sqlite'));
      databases.push(db);
      const claims = new SqliteClaimStore(db);
      const expires = db.prepare<[string, string], { expires: number }>(
        'SELECT expires FROM claims WHERE owner = ? AND id = ?',
      );
      return {
        claims,
        app: createApp({ storage: new SqliteStorage(db, { ttlMs: 0 }), claims, clock: () => DIALOG_NOW }),
        ttlMs: async (key) => (expires.get(key.owner ?? '', key.id)?.expires ?? 0) - Date.now(),
      };
    },
  },
  {
    name: 'one redis-server',
    available: redisPresent,
    open: async () => {
      redisServer ??= await startLocalRedis();
      const redis = new Redis(redisServer.port, '127.0.0.1');
      redisClients.push(redis);
      const claims = new RedisClaimStore(redis, 'replay:');
      return {
        claims,
        app: createMemoryApp({ claims, clock: () => DIALOG_NOW }),
        ttlMs: (key) => redis.pttl(claims.keyOf(key)),
      };
    },
  },
];

describe.each(backends.filter((b) => b.available))('two instances on $name', (backend) => {
  let a: WechatClient;
  let b: WechatClient;
  let appA: App;
  let ttlMs: (key: ClaimKey) => Promise<number>;
  beforeAll(async () => {
    const first = await backend.open();
    ttlMs = first.ttlMs;
    const second = await backend.open();
    appA = counting(first.app);
    counting(second.app);
    a = new WechatClient(await serve(first.app, { WECHAT_TOKEN: PLAIN.token }), PLAIN, nowSeconds);
    b = new WechatClient(await serve(second.app, { WECHAT_TOKEN: PLAIN.token }), PLAIN, nowSeconds);
  });

  it('a URL used on instance A is refused on instance B with another body, accepted with the same', async () => {
    const user = newUser();
    const message = text(user, '江门 台山 咨询电话');
    const query = a.pushQuery(message);
    const first = await a.request('POST', query, message);
    expect(content(first)).toContain('5513895');
    const other = newUser();
    expect((await b.request('POST', { ...query, openid: other }, text(other, '你好'))).status).toBe(403);
    const retry = await b.request('POST', query, message);
    expect(retry.body).toBe(first.body);
    expect(turnsOf(user)).toBe(1);
    expect(turnsOf(other)).toBe(0);
  });

  it('unsubscribing on instance B deletes every row of the user that instance A wrote', async () => {
    const user = newUser();
    const messages = [text(user, '江门 台山 咨询电话'), text(user, '异地就医怎么备案')];
    for (const m of messages) expect((await a.plain(m)).status).toBe(200);
    const { userKey } = appA.conversations.keys.of({ channel: 'wechat', user });
    const rows = messages.map((m) => dedupeKey(userKey, field(m, 'MsgId') ?? ''));
    for (const row of rows) expect(await appA.claims.get(row)).toMatch(/^d/);
    const bye = await b.plain(xml.event({ from: user, createTime: nowSeconds() }, 'unsubscribe'));
    expect(bye.body).toBe('success');
    for (const row of rows) expect(await appA.claims.get(row)).toBeUndefined();
    expect(await appA.claims.deleteOwner(userKey)).toBe(0);
  });

  it('the dedupe row is filed under the hashed user and its expiry is about 10 minutes', async () => {
    const user = newUser();
    const message = text(user, '江门 台山 咨询电话');
    await a.plain(message);
    const { userKey } = appA.conversations.keys.of({ channel: 'wechat', user });
    const row = dedupeKey(userKey, field(message, 'MsgId') ?? '');
    expect(await appA.claims.get(row)).toContain('5513895');
    expect(userKey).not.toContain(user);
    // A storage-level expiry (Redis PEXPIRE, SQLite's expiry column): 10 minutes.
    const left = await ttlMs(row);
    expect(left).toBeGreaterThan(590_000);
    expect(left).toBeLessThanOrEqual(600_000);
  });
});
