// The body-size limit and the request timeouts hold on every route the server has, including
// routes added later: the routes are read from the server itself, not listed here.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { listenOnLoopback } from '../helpers/http.js';

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = createServer(
    createMemoryApp(),
    loadConfig({
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      RATE_LIMIT_PER_IP_PER_MIN: '0',
      // Routes that exist only when configured.
      WECHAT_TOKEN: 'limitstest2026',
      STAFF_TOKEN: 'limits-test-staff-token-2026',
    }),
  );
  const port = await listenOnLoopback(app);
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await app?.close();
});

/** [path, methods] of every route, read from fastify's route tree (printRoutes). */
function routes(): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    const segment = m[2] ?? '';
    const parent = stack[depth - 1];
    const path = depth === 0 ? segment : parent === '/' ? `/${segment}` : `${parent}${segment}`;
    stack[depth] = path;
    stack.length = depth + 1;
    out.push([path, (m[3] ?? '').split(', ')]);
  }
  return out;
}

describe('limits on every route', () => {
  it('the route tree is read (the known routes are there)', () => {
    const paths = routes().map(([p]) => p);
    for (const p of ['/api/ask', '/wechat', '/api/search', '/staff/login', '/healthz'])
      expect(paths).toContain(p);
  });

  it('every route that takes a body refuses 1 MB without reading it: 413, or 401/403 before reading', async () => {
    const withBody = routes().filter(([, methods]) =>
      methods.some((m) => ['POST', 'PUT', 'PATCH'].includes(m)),
    );
    expect(withBody.length).toBeGreaterThanOrEqual(5);
    const big = 'x'.repeat(1024 * 1024);
    for (const [path, methods] of withBody) {
      const concrete = path.replace(/:[^/]+/g, 'abc');
      for (const method of methods.filter((m) => ['POST', 'PUT', 'PATCH'].includes(m))) {
        for (const type of ['application/json', 'text/xml', 'application/x-www-form-urlencoded']) {
          const res = await fetch(`${base}${concrete}`, {
            method,
            headers: { 'content-type': type },
            body: big,
            signal: AbortSignal.timeout(10000),
          });
          const where = `${method} ${concrete} (${type}) → ${res.status}`;
          expect([413, 415, 401, 403], where).toContain(res.status);
          // A JSON error in both languages.
          const body = (await res.json()) as { error: unknown };
          expect(JSON.stringify(body.error), where).toMatch(/\p{Script=Han}/u);
        }
      }
    }
  });

  it('Node closes connections that send too slowly: request and header timeouts are set for the whole server', () => {
    expect(app.server.requestTimeout).toBe(30000);
    expect(app.server.timeout).toBe(30000);
    expect(app.server.headersTimeout).toBeGreaterThan(0);
    expect(app.server.headersTimeout).toBeLessThanOrEqual(60000);
  });

  it('a URL or headers over Node’s size limit get a bilingual 431', async () => {
    const res = await fetch(`${base}/api/search?q=${'a'.repeat(20000)}`, {
      signal: AbortSignal.timeout(10000),
    });
    expect(res.status).toBe(431);
    expect(await res.json()).toEqual({ error: '请求头或网址太长 / Request headers or URL too large' });
  });

  it('a URL that does not decode gets a bilingual 400', async () => {
    const res = await fetch(`${base}/api/ask/%ED%A0%80`, { signal: AbortSignal.timeout(10000) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: '网址格式错误 / Malformed URL' });
  });
});
