// Rate limits on a real server: per user of /api/ask and per client address → 429 with
// Retry-After and a bilingual error; 0 turns a limit off; the limiter's memory is bounded.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { listenOnLoopback } from '../helpers/http.js';

let assistant: App;
const servers: FastifyInstance[] = [];

beforeAll(() => {
  assistant = createMemoryApp();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(env: Record<string, string>): Promise<string> {
  const app = createServer(assistant, loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }));
  servers.push(app);
  const port = await listenOnLoopback(app);
  return `http://127.0.0.1:${port}`;
}

const ask = (base: string, user: string, text = '江门 台山 咨询电话') =>
  fetch(`${base}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, text }),
  });

async function expectLimited(res: Response): Promise<void> {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await res.json()).toEqual({
    error: '请求太频繁，请稍后再试 / Too many requests, please retry later',
  });
}

describe('per user (POST /api/ask "user")', () => {
  it('the 4th message in a minute with a limit of 3 is refused; another user is still answered', async () => {
    const base = await serve({ RATE_LIMIT_PER_USER_PER_MIN: '3', RATE_LIMIT_PER_IP_PER_MIN: '0' });
    for (let i = 0; i < 3; i++) {
      const res = await ask(base, 'alice');
      expect(res.status).toBe(200);
      const reply = ((await res.json()) as { replies: string[] }).replies[0];
      // The same question on the next turn gets a short pointer to the answer just given.
      if (i === 1) expect(reply).toContain('请往上看');
      else expect(reply).toContain('5513895');
    }
    await expectLimited(await ask(base, 'alice'));
    await expectLimited(await ask(base, 'alice'));
    expect((await ask(base, 'bob')).status).toBe(200);
  });

  it("a refused message does not reach the bot: the user's dialog is not cancelled by it", async () => {
    const limited = await serve({ RATE_LIMIT_PER_USER_PER_MIN: '2', RATE_LIMIT_PER_IP_PER_MIN: '0' });
    const first = await ask(limited, 'carol', '我妈是邢台医保，没备案，还能补吗？');
    expect(((await first.json()) as { replies: string[] }).replies.join('\n')).toContain('还在住院');
    expect((await ask(limited, 'carol', '还在住院')).status).toBe(200);
    await expectLimited(await ask(limited, 'carol', '取消'));
    // The same assistant behind a server without limits: the dialog still waits for the date.
    const open = await serve({ RATE_LIMIT_PER_USER_PER_MIN: '0', RATE_LIMIT_PER_IP_PER_MIN: '0' });
    const next = (await (await ask(open, 'carol', '昨天')).json()) as { replies: string[] };
    expect(next.replies.join('\n')).toContain('还来得及');
    expect(next.replies.join('\n')).not.toContain('已取消');
  });

  it('invalid requests are not counted against a user who never sent a valid one', async () => {
    const base = await serve({ RATE_LIMIT_PER_USER_PER_MIN: '1', RATE_LIMIT_PER_IP_PER_MIN: '0' });
    const bad = await fetch(`${base}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"user":',
    });
    expect(bad.status).toBe(400);
    expect((await ask(base, 'dave')).status).toBe(200);
    await expectLimited(await ask(base, 'dave'));
  });
});

describe('per client address', () => {
  it('after the limit every route but /healthz gets 429, whatever the user', async () => {
    const base = await serve({ RATE_LIMIT_PER_IP_PER_MIN: '5', RATE_LIMIT_PER_USER_PER_MIN: '0' });
    for (let i = 0; i < 5; i++) expect((await ask(base, `user-${i}`)).status).toBe(200);
    await expectLimited(await ask(base, 'user-new'));
    await expectLimited(await fetch(`${base}/no-such-page`));
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('0 turns both limits off: 80 quick requests of one user are all answered', async () => {
    const base = await serve({ RATE_LIMIT_PER_IP_PER_MIN: '0', RATE_LIMIT_PER_USER_PER_MIN: '0' });
    const statuses = await Promise.all(
      Array.from({ length: 80 }, () => ask(base, 'erin').then((r) => r.status)),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it('the defaults let an ordinary conversation through', async () => {
    const base = await serve({});
    for (const text of ['江门 台山 咨询电话', '新会呢', '开平呢'])
      expect((await ask(base, 'frank', text)).status).toBe(200);
  });
});

describe('configuration', () => {
  it.each([
    ['RATE_LIMIT_PER_IP_PER_MIN', '-1'],
    ['RATE_LIMIT_PER_USER_PER_MIN', 'many'],
    ['RATE_LIMIT_PER_USER_PER_MIN', '2.5'],
    ['DIRECTLINE_TOKENS_PER_IP_PER_MIN', '-1'],
    ['DIRECTLINE_TOKENS_PER_IP_PER_MIN', 'lots'],
  ])('%s=%s stops the start naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: 应为非负整数 / must be`));
  });

  it('empty means the default (300 per address, 30 per user)', () => {
    const c = loadConfig({ RATE_LIMIT_PER_IP_PER_MIN: '', RATE_LIMIT_PER_USER_PER_MIN: ' ' });
    expect([c.RATE_LIMIT_PER_IP_PER_MIN, c.RATE_LIMIT_PER_USER_PER_MIN]).toEqual([300, 30]);
  });
});
