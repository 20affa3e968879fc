import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { SESSION_COOKIE, SESSION_SECONDS, StaffAuth } from '../../src/channels/staffAuth.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { expectBilingualError, listenOnLoopback } from '../helpers/http.js';

const TOKEN = 'hotline-staff-token-2026-x7Qp';

let assistant: App;
let open: FastifyInstance;
let locked: FastifyInstance;
let openBase: string;
let lockedBase: string;

async function start(env: Record<string, string>): Promise<[FastifyInstance, string]> {
  const app = createServer(assistant, loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }));
  const port = await listenOnLoopback(app);
  return [app, `http://127.0.0.1:${port}`];
}

beforeAll(async () => {
  assistant = createMemoryApp({ clock: () => new Date('2026-11-25T04:00:00Z') });
  [open, openBase] = await start({});
  [locked, lockedBase] = await start({ STAFF_TOKEN: TOKEN });
});

afterAll(async () => {
  await open?.close();
  await locked?.close();
});

interface SearchBody {
  query: string;
  tokens: string[];
  region?: { id: string; name: string };
  total: number;
  results: Array<{
    kind: string;
    id: string;
    question: string;
    answer: string;
    region: { id: string; name: string };
    sources: Array<Record<string, string>>;
    related: Array<{ id: string; question: string }>;
    score: number;
    matched: string[];
    highlight: { question: string; snippet: string };
    phone?: Record<string, string>;
  }>;
}

const searchUrl = (base: string, params: Record<string, string>) =>
  `${base}/api/search?${new URLSearchParams(params)}`;

async function expectJsonError(res: Response, status: number): Promise<string> {
  expect(res.status).toBe(status);
  const error = await expectBilingualError(res);
  expect(error).toMatch(/\p{Script=Han}.* \/ .*[A-Za-z]{4,}/u);
  return error;
}

function expectPageHeaders(res: Response): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cache-control')).toBe('no-store');
}

describe('GET /api/search (no STAFF_TOKEN)', () => {
  it('江门 新会 电话 → the Xinhui phone row first, with hours, sources and highlight', async () => {
    const res = await fetch(searchUrl(openBase, { q: '江门 新会 电话' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expectPageHeaders(res);
    const body = (await res.json()) as SearchBody;
    expect(Object.keys(body).sort()).toEqual(['query', 'results', 'tokens', 'total']);
    expect(body.total).toBe(body.results.length);
    const [top] = body.results;
    expect(top).toMatchObject({
      kind: 'phone',
      id: 'jiangmen-phones-xinhui',
      region: { id: 'xinhui', name: '江门市新会区' },
      phone: { label: '新会区', filing: '6102028', consult: '6616737' },
    });
    expect(top?.answer).toContain('服务时间：工作日 上午8:30–12:00，下午14:30–17:30');
    expect(top?.sources[0]).toMatchObject({ title: '快收好!医保异地就医备案指南来了!', date: '2024-10-31' });
    expect(top?.highlight.question).toContain('<mark>新会区</mark>');
    expect(top?.related[0]?.id).toBe('jm-phones');
  });

  it.each([
    ['粤医保 查询', 'channel-yue-yibao', '备案信息查询'],
    ['異地就醫備案 有效期', 'nat-long-term-validity', ''],
    ['异地就医备按', 'nat-who-can-file', ''],
  ])('%s → %s among the results', async (q, id, text) => {
    const body = (await (await fetch(searchUrl(openBase, { q }))).json()) as SearchBody;
    const hit = body.results.find((r) => r.id === id);
    expect(hit, body.results.map((r) => r.id).join(', ')).toBeDefined();
    expect(hit?.answer).toContain(text);
  });

  it('region (a name, also Traditional) and limit are applied', async () => {
    const res = await fetch(searchUrl(openBase, { q: '备案 电话', region: '新會', limit: '3' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as SearchBody;
    expect(body.region).toEqual({ id: 'xinhui', name: '江门市新会区' });
    expect(body.results).toHaveLength(3);
    for (const r of body.results)
      expect(['xinhui', 'jiangmen', 'guangdong', 'national']).toContain(r.region.id);
  });

  it('a query with nothing in our domain is a 200 with no results', async () => {
    const body = (await (await fetch(searchUrl(openBase, { q: '护照怎么换' }))).json()) as SearchBody;
    expect(body).toMatchObject({ total: 0, results: [] });
  });

  it('an ID-card number in the query is masked in the echoed query', async () => {
    const body = (await (
      await fetch(searchUrl(openBase, { q: '110101199003074578 备案' }))
    ).json()) as SearchBody;
    expect(body.query).toBe('[身份证号] 备案');
  });

  it.each([
    ['', '请提供查询关键词 q'],
    ['q=', '不能为空'],
    ['q=%20%20%20', '不能为空'],
    [`q=${encodeURIComponent('备'.repeat(201))}`, '最多 200 个字符'],
    ['q=a&q=b', '只能出现一次'],
    [`q=a&region=${encodeURIComponent('火星')}`, '不认识的地区'],
    ['q=a&region=nowhere', '不认识的地区'],
    ['q=a&region=a&region=b', '不认识的地区'],
    ['q=a&limit=0', '参数 limit'],
    ['q=a&limit=51', '参数 limit'],
    ['q=a&limit=abc', '参数 limit'],
    ['q=a&limit=2.5', '参数 limit'],
    ['q=a&limit=-3', '参数 limit'],
    ['q=a&limit=1e2', '参数 limit'],
  ])('?%s → 400 %s', async (query, message) => {
    const error = await expectJsonError(await fetch(`${openBase}/api/search?${query}`), 400);
    expect(error).toContain(message);
  });

  it('exactly 200 characters are accepted', async () => {
    const res = await fetch(searchUrl(openBase, { q: '江门备案电话'.repeat(40).slice(0, 200) }));
    expect(res.status).toBe(200);
  });

  it.each([
    ['%00%01%02'],
    ['%E0%A4%A'],
    ['%FF%FE'],
    [encodeURIComponent('\u202e\u200b\ufeff备案')],
    [encodeURIComponent('😀'.repeat(200))],
    [encodeURIComponent("' OR 1=1 -- <img src=x onerror=alert(1)>")],
    ['%ED%A0%80%E5%A4%87%E6%A1%88'],
  ])('hostile q=%s is answered without a server error', async (q) => {
    const res = await fetch(`${openBase}/api/search?q=${q}`);
    expect([200, 400]).toContain(res.status);
    const body = (await res.json()) as SearchBody;
    for (const r of body.results ?? []) expect(r.highlight.question).not.toMatch(/<(?!\/?mark>)/);
  });

  it('GET /api/search/regions lists the regions with rules of their own', async () => {
    const res = await fetch(`${openBase}/api/search/regions`);
    expect(res.status).toBe(200);
    const { regions } = (await res.json()) as { regions: Array<{ id: string; name: string }> };
    expect(regions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'jiangmen', name: '江门市' }),
        expect.objectContaining({ id: 'xinhui', name: '江门市新会区' }),
        expect.objectContaining({ id: 'xingtai', name: '邢台市' }),
      ]),
    );
    expect(regions.map((r) => r.id)).not.toContain('beijing');
  });
});

describe('GET /api/search: office numbers as callers read them', () => {
  it.each(['0750-6102028', '0750 6102028', '(0750)6102028', '6102028'])(
    '%s → the 新会 row first; the logged query keeps the office number',
    async (q) => {
      const res = await fetch(searchUrl(openBase, { q }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as SearchBody;
      expect(body.query).toBe('6102028');
      expect(body.results[0]?.id).toBe('jiangmen-phones-xinhui');
      expect(body.results[0]?.phone?.filing).toBe('6102028');
    },
  );

  it('a citizen’s landline is still masked and finds no row', async () => {
    const body = (await (await fetch(searchUrl(openBase, { q: '0750-6109999' }))).json()) as SearchBody;
    expect(body.query).toBe('[手机号]');
    expect(body.results).toEqual([]);
  });
});

describe('the /staff page', () => {
  it('is served with security headers, focus in the search box and no inline code', async () => {
    const res = await fetch(`${openBase}/staff`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expectPageHeaders(res);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toMatch(/<input id="q"[^>]*autofocus/);
    expect(html).toContain('<script src="/staff/staff.js" defer></script>');
    // CSP allows no inline script or style: the page must not need any.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/);
  });

  it.each([
    ['/staff/staff.js', /^text\/javascript/, 'navigator.clipboard'],
    ['/staff/staff.css', /^text\/css/, '@media'],
  ])('%s is served', async (path, type, content) => {
    const res = await fetch(`${openBase}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expect(await res.text()).toContain(content);
  });

  it('/staff/ redirects to /staff', async () => {
    const res = await fetch(`${openBase}/staff/`, { redirect: 'manual' });
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/staff');
  });

  it('without STAFF_TOKEN the login page sends the browser to /staff', async () => {
    const res = await fetch(`${openBase}/staff/login`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff');
  });

  it('the login form parser is local to the staff routes: /api/ask still refuses forms', async () => {
    const res = await fetch(`${openBase}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user=a&text=b',
    });
    await expectJsonError(res, 415);
  });
});

describe('with STAFF_TOKEN', () => {
  const login = (token: string, type = 'application/x-www-form-urlencoded') =>
    fetch(`${lockedBase}/staff/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': type },
      body: type.includes('json') ? JSON.stringify({ token }) : new URLSearchParams({ token }).toString(),
    });

  it.each([
    ['no credentials', {}],
    ['a wrong Bearer token', { authorization: 'Bearer wrong-token-0000000000000' }],
    ['the token with another scheme', { authorization: `Basic ${TOKEN}` }],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['a forged cookie', { cookie: `${SESSION_COOKIE}=9999999999.${'A'.repeat(43)}` }],
    ['the raw token as cookie', { cookie: `${SESSION_COOKIE}=${TOKEN}` }],
  ])('/api/search with %s → 401', async (_name, headers: Record<string, string>) => {
    const res = await fetch(searchUrl(lockedBase, { q: '备案' }), { headers });
    await expectJsonError(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it.each([[`Bearer ${TOKEN}`], [`bearer ${TOKEN}`]])(
    '/api/search with "%s" → 200',
    async (authorization) => {
      const res = await fetch(searchUrl(lockedBase, { q: '江门 新会 电话' }), { headers: { authorization } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as SearchBody).results[0]?.id).toBe('jiangmen-phones-xinhui');
    },
  );

  it('/staff without credentials → 401 with the login form; with the Bearer token → the page', async () => {
    const denied = await fetch(`${lockedBase}/staff`);
    expect(denied.status).toBe(401);
    expectPageHeaders(denied);
    const form = await denied.text();
    expect(form).toContain('<form method="post" action="/staff/login">');
    expect(form).toMatch(/<p class="error" role="alert" hidden data-login-error>/);
    const page = await fetch(`${lockedBase}/staff`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="results"');
  });

  it('the style sheet is public (the login form uses it); the regions need credentials', async () => {
    expect((await fetch(`${lockedBase}/staff/staff.css`)).status).toBe(200);
    await expectJsonError(await fetch(`${lockedBase}/api/search/regions`), 401);
  });

  it('a wrong token at the login form → 401 and the form again with the error shown, no cookie', async () => {
    const res = await login('not-the-token-at-all-123');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    const html = await res.text();
    expect(html).toContain('<p class="error" role="alert" data-login-error>口令不正确，请重新输入。</p>');
    expect(html).toContain('name="token"');
  });

  it('an empty token or a JSON body is refused', async () => {
    expect((await login('')).status).toBe(401);
    await expectJsonError(await login(TOKEN, 'application/json'), 415);
  });

  it('the right token → 303 to /staff with an HttpOnly SameSite=Strict cookie that opens page and API', async () => {
    const res = await login(TOKEN);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      new RegExp(`^${SESSION_COOKIE}=\\d+\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{43}; `),
    );
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain(`Max-Age=${SESSION_SECONDS}`);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0] as string;

    const page = await fetch(`${lockedBase}/staff`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="q"');
    const api = await fetch(searchUrl(lockedBase, { q: '粤医保 查询' }), { headers: { cookie } });
    expect(api.status).toBe(200);

    // One changed character of the signature and the cookie is worthless.
    const [name, value] = cookie.split('=') as [string, string];
    const last = value.slice(-1) === 'A' ? 'B' : 'A';
    const tampered = `${name}=${value.slice(0, -1)}${last}`;
    await expectJsonError(
      await fetch(searchUrl(lockedBase, { q: '备案' }), { headers: { cookie: tampered } }),
      401,
    );
    // Extending the expiry breaks the signature too.
    const [expires, id, signature] = value.split('.');
    const extended = `${name}=${Number(expires) + 3600}.${id}.${signature}`;
    await expectJsonError(
      await fetch(searchUrl(lockedBase, { q: '备案' }), { headers: { cookie: extended } }),
      401,
    );
  });

  it('an expired session or one signed with another token is refused', async () => {
    const past = new StaffAuth(TOKEN, () => Date.now() - (SESSION_SECONDS + 60) * 1000).issueSession();
    const other = new StaffAuth('another-token-entirely-1234').issueSession();
    for (const value of [past, other]) {
      const res = await fetch(searchUrl(lockedBase, { q: '备案' }), {
        headers: { cookie: `other=1; ${SESSION_COOKIE}=${value}` },
      });
      await expectJsonError(res, 401);
    }
    const fresh = new StaffAuth(TOKEN).issueSession();
    const ok = await fetch(searchUrl(lockedBase, { q: '备案' }), {
      headers: { cookie: `other=1; ${SESSION_COOKIE}=${fresh}` },
    });
    expect(ok.status).toBe(200);
  });
});

describe('STAFF_TOKEN setting', () => {
  it.each([
    ['short-token', '至少16个字符'],
    ['has a space in the token', '不能有空格'],
    ['令牌令牌令牌令牌令牌令牌令牌令牌', '可见的 ASCII'],
  ])('%s is refused at start-up (%s)', (value, message) => {
    expect(() => loadConfig({ STAFF_TOKEN: value })).toThrow(ConfigError);
    expect(() => loadConfig({ STAFF_TOKEN: value })).toThrow(new RegExp(`STAFF_TOKEN: .*${message}`));
  });

  it('empty means not set; a good token is kept', () => {
    expect(loadConfig({ STAFF_TOKEN: '' }).STAFF_TOKEN).toBeUndefined();
    expect(loadConfig({ STAFF_TOKEN: TOKEN }).STAFF_TOKEN).toBe(TOKEN);
  });
});
