// Personal numbers at rest, on the real stores the server opens (openApp: SQLite, and Redis):
// a phone number used as an /api/ask user, an openid, a Direct Line conversation where the
// citizen types an ID-card and a mobile number. Afterwards every key and every value the
// store holds is read back raw — none carries the user id or the numbers. The raw text
// reaches only the sender's own WebSocket; polling and the store have it masked. User ids
// that are not well-formed UTF-16 are refused at the edge.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedApp, openApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { openSqlite } from '../../src/storage/sqliteDatabase.js';
import { type LocalRedis, startLocalRedis } from '../../tools/harness/localRedis.js';
import { NodeWebSocket } from '../helpers/directLineClient.js';
import { expectBilingualError, listenOnLoopback } from '../helpers/http.js';
import { redisAvailable } from '../helpers/services.js';
import { tempDir } from '../helpers/tempDir.js';
import { WechatClient, xml } from '../helpers/wechat.js';

const PHONE_USER = '13912345678';
const ID_NUMBER = '110101199003071234';
const MOBILE = '13800138000';
const OPENID = 'oPersonalNumbers0penid42';
const WECHAT = { token: 'personalNumbers2026' };
const silent = { warn: () => undefined, error: () => undefined };

const redisPresent = redisAvailable();
const dir = tempDir('yidi-numbers-');
let redisServer: LocalRedis | undefined;
afterAll(async () => {
  await redisServer?.stop();
  dir.remove();
});

interface Backend {
  name: string;
  available: boolean;
  env(): Promise<Record<string, string>>;
  /** Every key and value the store holds, as text. */
  dump(env: Record<string, string>): Promise<string>;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    available: true,
    env: async () => ({ STORAGE: 'sqlite', SQLITE_PATH: dir.file('numbers.sqlite') }),
    dump: async (env) => {
      const db = openSqlite(env.SQLITE_PATH ?? '', { readonly: true });
      try {
        const tables = ['state', 'claims', 'turn_log'];
        const rows = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t}`).all()));
        // The write-ahead log too (recent pages live there before a checkpoint).
        const wal = (() => {
          try {
            return readFileSync(`${env.SQLITE_PATH}-wal`).toString('latin1');
          } catch {
            return '';
          }
        })();
        return rows.join('\n') + wal;
      } finally {
        db.close();
      }
    },
  },
  {
    name: 'Redis',
    available: redisPresent,
    env: async () => {
      redisServer ??= await startLocalRedis();
      return { STORAGE: 'redis', REDIS_URL: redisServer.url, REDIS_KEY_PREFIX: 'numbers:' };
    },
    dump: async (env) => {
      const redis = new Redis(env.REDIS_URL ?? '');
      try {
        const parts: string[] = [];
        for (const key of await redis.keys('*')) {
          const type = await redis.type(key);
          const value =
            type === 'hash'
              ? await redis.hgetall(key)
              : type === 'stream'
                ? await redis.xrange(key, '-', '+')
                : type === 'set'
                  ? await redis.smembers(key)
                  : await redis.get(key);
          parts.push(key, JSON.stringify(value));
        }
        return parts.join('\n');
      } finally {
        redis.disconnect();
      }
    },
  },
];

describe.each(backends.filter((b) => b.available))('at rest in $name', (backend) => {
  let env: Record<string, string>;
  let opened: OpenedApp;
  let server: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    env = {
      ...(await backend.env()),
      LOG_LEVEL: 'silent',
      USER_HASH_SALT: 'personal-numbers-test-salt',
      WECHAT_TOKEN: WECHAT.token,
      RATE_LIMIT_PER_IP_PER_MIN: '0',
    };
    const config = loadConfig(env);
    opened = await openApp(config, silent);
    server = createServer(opened.app, config);
    base = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  });
  afterAll(async () => {
    await server?.close();
    await opened?.close();
  });

  const ask = (user: string, text: string) =>
    fetch(`${base}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, text }),
    });

  it('a phone number as /api/ask user, an openid, numbers in Direct Line messages: none is stored', async () => {
    // /api/ask: a dialog, so there is conversation state to store.
    const asked = await ask(PHONE_USER, `我妈在外地看病，没来得及备案，还能补吗？我的身份证 ${ID_NUMBER}`);
    expect(asked.status).toBe(200);
    // WeChat: a message, so there are a dedupe row and conversation state.
    const wechat = new WechatClient(base, WECHAT, () => Math.floor(Date.now() / 1000));
    const sent = await wechat.plain(
      xml.text(
        { from: OPENID, createTime: Math.floor(Date.now() / 1000) },
        '江门 台山 咨询电话',
        '71234567890123',
      ),
    );
    expect(sent.status).toBe(200);

    // Direct Line: the page's token, a conversation, its stream, then a message with numbers.
    const token = (await (await fetch(`${base}/api/webchat/token`, { method: 'POST' })).json()) as {
      token: string;
      conversationId: string;
    };
    const auth = { authorization: `Bearer ${token.token}` };
    const started = (await (
      await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: auth })
    ).json()) as { streamUrl: string };
    expect(NodeWebSocket).toBeDefined();
    const Socket = NodeWebSocket as unknown as new (
      url: string,
    ) => { on(e: string, f: (d: Buffer) => void): void; close(): void };
    const socket = new Socket(started.streamUrl);
    const frames: string[] = [];
    const opened = new Promise<void>((resolve) => socket.on('open', () => resolve()));
    socket.on('message', (data) => frames.push(data.toString('utf8')));
    await opened;
    const said = `我的手机 ${MOBILE}，身份证 ${ID_NUMBER}，异地就医怎么备案`;
    const posted = await fetch(`${base}/v3/directline/conversations/${token.conversationId}/activities`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: said, from: { id: 'ignored' } }),
    });
    expect(posted.status).toBe(200);
    for (let i = 0; i < 100 && !frames.some((f) => f.includes('"role":"bot"')); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    socket.close();

    // The sender's own stream echoed what it typed…
    expect(frames.join('\n')).toContain(said);
    // …while polling (and so any reconnect) reads the masked text.
    const polled = (await (
      await fetch(`${base}/v3/directline/conversations/${token.conversationId}/activities`, { headers: auth })
    ).json()) as { activities: { text?: string; from: { role?: string } }[] };
    const echo = polled.activities.find((a) => a.from.role === 'user');
    expect(echo?.text).toBe('我的手机 [手机号]，身份证 [身份证号]，异地就医怎么备案');

    const stored = await backend.dump(env);
    expect(stored.length).toBeGreaterThan(100);
    expect(stored).toContain('[身份证号]');
    for (const secret of [PHONE_USER, ID_NUMBER, MOBILE, OPENID]) expect(stored).not.toContain(secret);
  });

  it.each([
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', 'u\udc00x'],
    ['two lone surrogates in a row', '\udfff\ud800'],
  ])('/api/ask with %s in the user id → 400 bilingual, nothing stored', async (_name, user) => {
    const res = await ask(user, '异地就医怎么备案');
    expect(res.status).toBe(400);
    expect(await expectBilingualError(res)).toContain('well-formed');
  });
});
