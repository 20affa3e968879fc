// The curators' report over HTTP: behind STAFF_TOKEN like /staff, its data is the turn log of
// real turns (asked through /api/ask), the CSV is the one of `npm run report`, and bad
// parameters get a bilingual 4xx, never a 500.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { MemoryTurnLog } from '../../src/storage/turnLog/turnLog.js';
import { askHttp } from '../helpers/askHttp.js';
import { expectBilingualError, listenOnLoopback } from '../helpers/http.js';

const TOKEN = 'report-staff-token-2026-abcdef';
const NOW = new Date('2026-11-25T04:00:00Z'); // 12:00 in Beijing
const auth = { authorization: `Bearer ${TOKEN}` };

let assistant: App;
const servers: FastifyInstance[] = [];
let base: string;

async function start(app: App, env: Record<string, string> = {}): Promise<string> {
  const server = createServer(
    app,
    loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', STAFF_TOKEN: TOKEN, ...env }),
  );
  servers.push(server);
  return `http://127.0.0.1:${await listenOnLoopback(server)}`;
}

beforeAll(async () => {
  assistant = createMemoryApp({
    clock: () => NOW,
    turnLog: { store: new MemoryTurnLog(), salt: 'report-test-salt', now: () => NOW.getTime() },
  });
  base = await start(assistant);
  for (const [user, text] of [
    ['u1', '护照过期了怎么换'],
    ['u2', '护照过期了怎么换呢'],
    ['u3', '异地就医怎么备案'],
    ['u4', '医保缴费标准是多少'],
  ])
    expect((await askHttp(base, user as string, text as string)).status).toBe(200);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

interface ReportBody {
  period: { since: string; until: string };
  summary: { turns: number; fallbacks: number; outOfScope: number };
  days: Array<{ date: string; questions: number; fallback: number; outOfScope: number }>;
  unanswered: Array<{ question: string; count: number; nearest?: { id: string; question: string } }>;
}

describe('/staff/report and its data', () => {
  it('without a login: the page shows the login form (401), the data 401 with a bilingual error', async () => {
    const page = await fetch(`${base}/staff/report`);
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('<form');
    for (const path of ['/api/staff/report', '/api/staff/report.csv']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(401);
      await expectBilingualError(res);
    }
  });

  it('the login form of the report page returns to it; any other `next` goes to /staff', async () => {
    const form = await (await fetch(`${base}/staff/report`)).text();
    expect(form).toContain('<input type="hidden" name="next" value="/staff/report">');
    const login = (next: string) =>
      fetch(`${base}/staff/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: base,
          'sec-fetch-site': 'same-origin',
        },
        body: new URLSearchParams({ token: TOKEN, next }).toString(),
      });
    const back = await login('/staff/report');
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/staff/report');
    const cookie = (back.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await fetch(`${base}/staff/report`, { headers: { cookie } })).status).toBe(200);
    expect((await login('https://evil.example/')).headers.get('location')).toBe('/staff');
  });

  it('logged in: the page links Chart.js from this server (no CDN) and it is served', async () => {
    const page = await fetch(`${base}/staff/report`, { headers: auth });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script src="/staff/chart.umd.js" defer></script>');
    expect(html).not.toMatch(/https?:\/\//);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const chart = await fetch(`${base}/staff/chart.umd.js`);
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await chart.text()).toMatch(/Chart\.js v4/);
  });

  it('counts the turns of today (Beijing time); the out-of-scope question is handled, not unanswered', async () => {
    const res = await fetch(`${base}/api/staff/report?since=2026-11-24&until=2026-11-25`, { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ReportBody;
    expect(body.period).toEqual({ since: '2026-11-24', until: '2026-11-25' });
    expect(body.days.map((d) => [d.date, d.questions])).toEqual([
      ['2026-11-24', 0],
      ['2026-11-25', 4],
    ]);
    expect(body.summary.turns).toBe(4);
    expect(body.summary.outOfScope).toBe(1);
    expect(body.unanswered.map((g) => g.question)).not.toContain('医保缴费标准是多少');
    const passport = body.unanswered.find((g) => g.question.startsWith('护照过期了怎么换'));
    expect(passport?.count).toBe(2);
  });

  it('the CSV is the report of `npm run report` for the same days, times in Beijing time', async () => {
    const res = await fetch(`${base}/api/staff/report.csv?since=2026-11-25&until=2026-11-25`, {
      headers: auth,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('yidi-report-2026-11-25-2026-11-25.csv');
    const lines = (await res.text())
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'section,rank,key,count,users,share,avg_confidence,fallbacks,channels,last_seen,intent,p50_latency_ms',
    );
    expect(lines).toContainEqual(expect.stringMatching(/^unanswered,1,护照过期了怎么换.*,2026-11-25 12:00,/));
  });

  it.each([
    ['since=2026-02-30', /since 应为日期/],
    ['until=tomorrow', /until 应为日期/],
    ['since=2026-11-01&since=2026-11-02', /只能出现一次/],
    ['since=2026-11-30&until=2026-11-01', /不能早于/],
    ['since=2000-01-01&until=2026-11-01', /最多 366 天/],
  ])('?%s → 400 with a bilingual error', async (query, message) => {
    for (const path of ['/api/staff/report', '/api/staff/report.csv']) {
      const res = await fetch(`${base}${path}?${query}`, { headers: auth });
      expect(res.status).toBe(400);
      expect(await expectBilingualError(res)).toMatch(message);
    }
  });

  it('a server that keeps no turn log answers 404 with why, not a 500', async () => {
    const other = await start(createMemoryApp({ clock: () => NOW }));
    const res = await fetch(`${other}/api/staff/report`, { headers: auth });
    expect(res.status).toBe(404);
    expect(await expectBilingualError(res)).toMatch(/TURN_LOG/);
  });
});
