// Attacks on the staff login, against real servers on loopback ports: guessing the token
// (at most 10 failures per address per 10 minutes, then 429), a login or logout posted from
// another site, a spoofed X-Forwarded-Proto, and a session cookie replayed after logout —
// also on another instance sharing the claim store.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { SESSION_COOKIE } from '../../src/channels/staffAuth.js';
import { loadConfig } from '../../src/config.js';
import { STAFF_LOGIN_FAILURES } from '../../src/http/rateLimit.js';
import { createServer } from '../../src/server.js';
import { expectBilingualError, listenOnLoopback } from '../helpers/http.js';

const TOKEN = 'staff-session-token-2026';
let assistant: App;
const servers: FastifyInstance[] = [];

async function serve(env: Record<string, string> = {}): Promise<string> {
  const app = createServer(
    assistant,
    loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', STAFF_TOKEN: TOKEN, ...env }),
  );
  servers.push(app);
  return `http://127.0.0.1:${await listenOnLoopback(app)}`;
}

beforeAll(() => {
  assistant = createMemoryApp();
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

const form = (base: string, path: string, token: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ token }).toString(),
  });
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
const search = (base: string, cookie: string) =>
  fetch(`${base}/api/search?q=${encodeURIComponent('备案')}`, { headers: { cookie } });

describe('guessing the token', () => {
  it(`${STAFF_LOGIN_FAILURES} wrong tokens, then 429 even for the right one; another address is not affected`, async () => {
    const base = await serve({ TRUST_PROXY: '127.0.0.1' });
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (let i = 0; i < STAFF_LOGIN_FAILURES; i += 1)
      expect((await form(base, '/staff/login', `wrong-guess-${i}-xxxxxx`, from('198.51.100.7'))).status).toBe(
        401,
      );
    const blocked = await form(base, '/staff/login', TOKEN, from('198.51.100.7'));
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    await expectBilingualError(blocked);
    expect((await form(base, '/staff/login', TOKEN, from('198.51.100.8'))).status).toBe(303);
  });

  it('successful logins are not counted', async () => {
    const base = await serve();
    for (let i = 0; i < STAFF_LOGIN_FAILURES + 2; i += 1)
      expect((await form(base, '/staff/login', TOKEN)).status).toBe(303);
  });
});

describe('cross-site forms', () => {
  it.each([
    ['Origin of another site', { origin: 'https://evil.example' }],
    ['an opaque Origin (null)', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
  ])('a login posted with %s → 403, no cookie', async (_name, headers) => {
    const base = await serve();
    const res = await form(base, '/staff/login', TOKEN, headers);
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await expectBilingualError(res)).toContain('本站');
  });

  it('a login from our own page (same Origin, or Sec-Fetch-Site: same-origin) works', async () => {
    const base = await serve();
    expect((await form(base, '/staff/login', TOKEN, { origin: base })).status).toBe(303);
    expect((await form(base, '/staff/login', TOKEN, { 'sec-fetch-site': 'same-origin' })).status).toBe(303);
  });

  it('a forced logout from another site is refused and the session goes on', async () => {
    const base = await serve();
    const cookie = cookieOf(await form(base, '/staff/login', TOKEN));
    const res = await fetch(`${base}/staff/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect((await search(base, cookie)).status).toBe(200);
  });
});

describe('logout ends the session', () => {
  it('the cookie value is refused afterwards, here and on another instance, though it has not expired', async () => {
    const base = await serve();
    const other = await serve();
    const cookie = cookieOf(await form(base, '/staff/login', TOKEN));
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect((await search(other, cookie)).status).toBe(200);
    const out = await fetch(`${base}/staff/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'sec-fetch-site': 'same-origin' },
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/staff/login');
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=; .*Max-Age=0`));
    // Someone who kept the value (a shared computer, a copied header) gets nothing with it.
    expect((await search(base, cookie)).status).toBe(401);
    expect((await search(other, cookie)).status).toBe(401);
    expect((await fetch(`${other}/staff`, { headers: { cookie } })).status).toBe(401);
  });

  it('the staff page has the logout button', async () => {
    const base = await serve();
    const page = await fetch(`${base}/staff`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await page.text()).toContain('<form class="logout" method="post" action="/staff/logout">');
  });
});

describe('the Secure cookie behind TLS', () => {
  it('with TRUST_PROXY, X-Forwarded-Proto: https from the proxy → Secure', async () => {
    const base = await serve({ TRUST_PROXY: '127.0.0.1' });
    const res = await form(base, '/staff/login', TOKEN, { 'x-forwarded-proto': 'https' });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('without TRUST_PROXY the header is not believed (plain http: no Secure)', async () => {
    const base = await serve();
    const res = await form(base, '/staff/login', TOKEN, { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).not.toContain('Secure');
  });

  it.each(['10.0.0.0/8, 127.0.0.1', 'loopback', '::1'])('TRUST_PROXY=%s is accepted', (value) => {
    expect(loadConfig({ TRUST_PROXY: value }).TRUST_PROXY).toBe(value);
  });

  it.each(['yes', 'http://proxy', '*'])('TRUST_PROXY=%s stops the start naming it', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: /);
  });
});
