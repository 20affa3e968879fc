// The state store unavailable — a real redis-server killed mid-run, a SQLite file that is not
// a database, a SQLite path that cannot be written — on the stores the server opens
// (openApp). WeChat answers FAQ questions as /api/ask does, Direct Line answers instead of a
// 500, multi-step help says to try again later, and /healthz reports 503 "degraded" with the
// reason; with Redis back, everything works again without a restart.
import { writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedApp, openApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { type LocalRedis, startLocalRedis } from '../../tools/harness/localRedis.js';
import { listenOnLoopback } from '../helpers/http.js';
import { redisAvailable } from '../helpers/services.js';
import { tempDir } from '../helpers/tempDir.js';
import { field, WechatClient, xml } from '../helpers/wechat.js';

const WECHAT = { token: 'degradedStore2026' };
const FAQ = '江门 台山 咨询电话';
const DIALOG = '我妈在外地看病，没来得及备案，还能补吗？';
const UNAVAILABLE = '系统暂时记不住对话进度';
const silent = { warn: () => undefined, error: () => undefined };
const redisPresent = redisAvailable();
const dir = tempDir('yidi-degraded-');
afterAll(() => dir.remove());

interface Running {
  opened: OpenedApp;
  server: FastifyInstance;
  base: string;
}

async function start(env: Record<string, string>): Promise<Running> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    WECHAT_TOKEN: WECHAT.token,
    RATE_LIMIT_PER_IP_PER_MIN: '0',
    USER_HASH_SALT: 'degraded-store-test-salt',
    ...env,
  });
  const opened = await openApp(config, silent);
  const server = createServer(opened.app, config);
  return { opened, server, base: `http://127.0.0.1:${await listenOnLoopback(server)}` };
}

async function stop(r: Running | undefined): Promise<void> {
  await r?.server.close();
  await r?.opened.close();
}

const health = async (base: string) => {
  const res = await fetch(`${base}/healthz`);
  return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
};

/** /healthz until it answers `status` (the store's state changes asynchronously), at most ~10 s. */
async function healthBecomes(base: string, status: number) {
  for (let i = 0; ; i += 1) {
    const h = await health(base);
    if (h.status === status || i >= 100) return h;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let users = 0;
const newUser = (name: string) => `oDegraded${name}${process.pid}x${++users}`;
let msgIds = 7200000000000000000n;

async function wechatSays(base: string, user: string, text: string): Promise<string> {
  const client = new WechatClient(base, WECHAT, () => Math.floor(Date.now() / 1000));
  const sent = await client.plain(
    xml.text({ from: user, createTime: Math.floor(Date.now() / 1000) }, text, String(++msgIds)),
  );
  expect(sent.status, sent.body).toBe(200);
  return field(sent.body, 'Content') ?? '';
}

async function apiAsks(
  base: string,
  user: string,
  text: string,
): Promise<{ status: number; replies: string[] }> {
  const res = await fetch(`${base}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, text }),
  });
  return { status: res.status, replies: ((await res.json()) as { replies: string[] }).replies };
}

/** A Web Chat conversation: token, start, one message; the bot's reply texts from polling. */
async function directLineSays(base: string, text: string): Promise<{ status: number; replies: string[] }> {
  const token = (await (await fetch(`${base}/api/webchat/token`, { method: 'POST' })).json()) as {
    token: string;
    conversationId: string;
  };
  const auth = { authorization: `Bearer ${token.token}` };
  const started = await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: auth });
  expect([200, 201]).toContain(started.status);
  const url = `${base}/v3/directline/conversations/${token.conversationId}/activities`;
  const posted = await fetch(url, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text, from: { id: 'x' } }),
  });
  if (posted.status !== 200) return { status: posted.status, replies: [] };
  const log = (await (await fetch(url, { headers: auth })).json()) as {
    activities: { text?: string; from: { role?: string } }[];
  };
  return {
    status: posted.status,
    replies: log.activities.filter((a) => a.from.role === 'bot').map((a) => a.text ?? ''),
  };
}

/** What every channel must do while the store is away. */
async function expectDegradedService(base: string): Promise<void> {
  const h = await healthBecomes(base, 503);
  expect(h.status).toBe(503);
  expect(h.body.status).toBe('degraded');
  expect(h.body.reason).toMatch(/状态存储不可用.* \/ state store unavailable: .+/);

  const api = await apiAsks(base, newUser('api'), FAQ);
  expect(api.status).toBe(200);
  expect(api.replies[0]).toContain('5513895');
  // WeChat answers the FAQ question with the same answer /api/ask gives.
  const wechat = await wechatSays(base, newUser('wx'), FAQ);
  expect(wechat).toContain((api.replies[0] ?? '').split('\n')[0] ?? '');
  expect(wechat).toContain('来源：');
  // Multi-step help waits for the store.
  expect(await wechatSays(base, newUser('wx'), DIALOG)).toContain(UNAVAILABLE);
  // The basics need nothing remembered: small talk and the way to a person still work.
  const hello = await apiAsks(base, newUser('api'), '你好');
  expect(hello.replies.join('\n')).toContain('您好');
  expect(hello.replies.join('\n')).not.toContain(UNAVAILABLE);
  expect(await wechatSays(base, newUser('wx'), '转人工')).toContain('12333');
  // Direct Line answers instead of failing.
  const web = await directLineSays(base, FAQ);
  expect(web.status).toBe(200);
  expect(web.replies.join('\n')).toContain('5513895');
}

describe.runIf(redisPresent)('Redis killed while the server runs, then back', () => {
  let redis: LocalRedis;
  let running: Running | undefined;
  beforeAll(async () => {
    redis = await startLocalRedis();
    running = await start({ STORAGE: 'redis', REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'degraded:' });
  });
  afterAll(async () => {
    await stop(running);
    await redis?.stop();
  });

  it('healthy: /healthz 200 ok, a dialog is remembered', async () => {
    const base = running?.base ?? '';
    expect(await health(base)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await wechatSays(base, newUser('ok'), DIALOG)).toContain('请问您（或家人）是在哪里参保的？');
  });

  it('Redis down: degraded but answering on every channel; /healthz 503 with the reason', async () => {
    await redis.stop();
    await expectDegradedService(running?.base ?? '');
  });

  it('Redis back: /healthz 200 again and dialogs are remembered, without a restart', async () => {
    await redis.start();
    const base = running?.base ?? '';
    expect((await healthBecomes(base, 200)).status).toBe(200);
    const user = newUser('back');
    expect(await wechatSays(base, user, DIALOG)).toContain('请问您（或家人）是在哪里参保的？');
    expect(await wechatSays(base, user, '邢台')).toContain('现在还在住院，还是已经出院了？');
  });
});

describe.each([
  {
    name: 'a SQLite file that is not a database (corrupt)',
    path: () => {
      const file = dir.file('corrupt.sqlite');
      writeFileSync(file, Buffer.alloc(8192, 0x5a));
      return file;
    },
    reason: /not a database/,
  },
  {
    name: 'a SQLite path that cannot be written (its folder is a file)',
    path: () => {
      const file = dir.file('a-file');
      writeFileSync(file, 'not a folder');
      return `${file}/yidi.sqlite`;
    },
    reason: /SQLite/,
  },
])('$name', ({ path, reason }) => {
  let running: Running | undefined;
  beforeAll(async () => {
    running = await start({ STORAGE: 'sqlite', SQLITE_PATH: path() });
  });
  afterAll(() => stop(running));

  it('the server starts degraded: every channel answers, /healthz 503 says why', async () => {
    const base = running?.base ?? '';
    await expectDegradedService(base);
    expect((await health(base)).body.reason).toMatch(reason);
  });
});
