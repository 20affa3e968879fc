// The chat page over HTTP: its security headers, the assets served from the installed Web Chat
// package with caching, the embed snippet, and the page's token endpoint (self-hosted, and
// Azure Direct Line with the secret kept on the server).
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { listenOnLoopback } from '../helpers/http.js';

let assistant: App;
const servers: FastifyInstance[] = [];

async function start(env: Record<string, string> = {}): Promise<string> {
  const app = createServer(assistant, loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }));
  const port = await listenOnLoopback(app);
  servers.push(app);
  return `http://127.0.0.1:${port}`;
}

let base: string;
beforeAll(async () => {
  assistant = createMemoryApp();
  base = await start();
});
afterAll(async () => {
  for (const s of servers) await s.close();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function directives(res: Response): Map<string, string> {
  const csp = res.headers.get('content-security-policy') ?? '';
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('the page', () => {
  it('is Simplified Chinese, links its assets by hash, and sends a strict CSP with a fresh nonce', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>异地就医备案助手</title>');
    expect(html).toMatch(/<script src="\/assets\/webchat\.js\?v=[0-9a-f]{12}"><\/script>/);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // no CDN
    const csp = directives(res);
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    const nonce = /'nonce-([^']+)'/.exec(csp.get('style-src') ?? '')?.[1];
    expect(nonce).toBeDefined();
    expect(html).toContain(`nonce="${nonce}"`);
    expect(csp.get('connect-src')).toMatch(/^'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+$/);
    expect(csp.get('frame-ancestors')).toBe("'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const again = await fetch(`${base}/`);
    expect(directives(again).get('style-src')).not.toBe(csp.get('style-src'));
  });

  it('may be framed by the sites in WEBCHAT_FRAME_ANCESTORS (then without X-Frame-Options)', async () => {
    const url = await start({ WEBCHAT_FRAME_ANCESTORS: "'self' https://www.example.gov.cn" });
    const res = await fetch(`${url}/`);
    expect(directives(res).get('frame-ancestors')).toBe("'self' https://www.example.gov.cn");
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it.each(['javascript:alert(1)', "https://a.example 'unsafe-inline'", 'https://a.example; script-src *'])(
    'WEBCHAT_FRAME_ANCESTORS=%j is refused at start-up',
    (value) => {
      expect(() => loadConfig({ WEBCHAT_FRAME_ANCESTORS: value })).toThrow(/WEBCHAT_FRAME_ANCESTORS/);
    },
  );
});

describe('assets', () => {
  it('webchat.js comes from the installed package: compressed, with an ETag, cached for a year at its hash', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const src = /src="(\/assets\/webchat\.js\?v=[0-9a-f]+)"/.exec(html)?.[1] ?? '';
    const res = await fetch(`${base}${src}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    // fetch decompresses; the bytes on the wire are the content-length.
    expect(Number(res.headers.get('content-length'))).toBeLessThan(1_500_000);
    expect(await res.text()).toContain('renderWebChat');
    const etag = res.headers.get('etag') ?? '';
    const cached = await fetch(`${base}/assets/webchat.js`, { headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
    const unversioned = await fetch(`${base}/assets/webchat.js`, { headers: { 'accept-encoding': 'br' } });
    expect(unversioned.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(unversioned.headers.get('content-encoding')).toBe('br');
  });

  it.each([
    '/assets/nope.js',
    '/assets/..%2Fpackage.json',
    '/assets/%2E%2E%2Fsrc%2Fconfig.ts',
    '/assets/__proto__',
  ])('%s is a 404', async (path) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/找不到.*Not found/);
  });

  it('embed.js may be loaded by other sites and opens this server in a frame', async () => {
    const res = await fetch(`${base}/embed.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    const js = await res.text();
    expect(js).toContain('/?embed=1');
    expect(js).toContain('异地就医备案咨询');
  });
});

describe('POST /api/webchat/token', () => {
  it('self-hosted: a token for a new conversation, which it starts at our Direct Line', async () => {
    const res = await fetch(`${base}/api/webchat/token`, { method: 'POST' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['conversationId', 'expires_in', 'token', 'userId']);
    expect(body.expires_in).toBe(1800);
    expect(body.userId).toMatch(/^dl_/);
    // A JWT whose user claim is the user id (as Azure's tokens, so the client libraries read it).
    const claims = JSON.parse(Buffer.from(String(body.token).split('.')[1] ?? '', 'base64url').toString());
    expect(claims).toMatchObject({ user: body.userId, conv: body.conversationId });
    const startRes = await fetch(`${base}/v3/directline/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(startRes.status).toBe(201);
    expect(((await startRes.json()) as { conversationId: string }).conversationId).toBe(body.conversationId);
  });

  it('two requests get two different conversations and users', async () => {
    type Issued = { conversationId: string; userId: string };
    const issue = async () =>
      (await (await fetch(`${base}/api/webchat/token`, { method: 'POST' })).json()) as Issued;
    const [a, b] = await Promise.all([issue(), issue()]);
    expect(a.conversationId).not.toBe(b.conversationId);
    expect(a.userId).not.toBe(b.userId);
  });

  describe('DIRECTLINE_MODE=azure', () => {
    const AZURE_SECRET = 'azure-direct-line-secret-value';
    const AZURE = 'https://directline.botframework.azure.cn/v3/directline';
    let azureBase: string;
    beforeAll(async () => {
      azureBase = await start({
        DIRECTLINE_MODE: 'azure',
        DIRECTLINE_AZURE_SECRET: AZURE_SECRET,
        DIRECTLINE_AZURE_DOMAIN: AZURE,
      });
    });

    /** Azure's tokens/generate, answered in-process; other URLs go to the real network stack. */
    function fakeAzure(status: number, seen: Array<{ auth: string; body: string }>) {
      const realFetch = globalThis.fetch;
      vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        if (!url.startsWith(AZURE)) return realFetch(input, init);
        seen.push({ auth: new Headers(init?.headers).get('authorization') ?? '', body: String(init?.body) });
        return new Response(
          JSON.stringify({ conversationId: 'AzureConv123', token: 'azure-token', expires_in: 3600 }),
          { status, headers: { 'content-type': 'application/json' } },
        );
      });
    }

    it('exchanges the secret for a token at Azure; the browser gets the token and Azure’s domain only', async () => {
      const seen: Array<{ auth: string; body: string }> = [];
      fakeAzure(200, seen);
      const res = await fetch(`${azureBase}/api/webchat/token`, { method: 'POST' });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(AZURE_SECRET);
      const body = JSON.parse(text) as Record<string, unknown>;
      expect(body).toMatchObject({
        token: 'azure-token',
        conversationId: 'AzureConv123',
        expires_in: 3600,
        domain: AZURE,
      });
      expect(seen).toHaveLength(1);
      expect(seen[0]?.auth).toBe(`Bearer ${AZURE_SECRET}`);
      expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ user: { id: body.userId } });
      const page = await fetch(`${azureBase}/`);
      expect(directives(page).get('connect-src')).toContain(
        'https://directline.botframework.azure.cn wss://directline.botframework.azure.cn',
      );
    });

    it('Azure refusing is a 502 with a bilingual error', async () => {
      fakeAzure(403, []);
      const res = await fetch(`${azureBase}/api/webchat/token`, { method: 'POST' });
      expect(res.status).toBe(502);
      const { error } = (await res.json()) as { error: string };
      expect(error).toMatch(/Azure Direct Line/);
      expect(error).toMatch(/\p{Script=Han}/u);
      expect(error).not.toContain(AZURE_SECRET);
    });

    it('azure mode without its secret, or with an http:// domain, does not start', () => {
      expect(() => loadConfig({ DIRECTLINE_MODE: 'azure' })).toThrow(/DIRECTLINE_AZURE_SECRET/);
      expect(() =>
        loadConfig({
          DIRECTLINE_MODE: 'azure',
          DIRECTLINE_AZURE_SECRET: 'x',
          DIRECTLINE_AZURE_DOMAIN: 'http://a.b',
        }),
      ).toThrow(/DIRECTLINE_AZURE_DOMAIN/);
      expect(() => loadConfig({ DIRECTLINE_SECRET: 'short' })).toThrow(/DIRECTLINE_SECRET/);
      expect(() => loadConfig({ DIRECTLINE_TOKEN_TTL_SECONDS: '10' })).toThrow(
        /DIRECTLINE_TOKEN_TTL_SECONDS/,
      );
    });
  });
});
