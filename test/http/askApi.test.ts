import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { expectBilingualError, listenOnLoopback } from '../helpers/http.js';

/** What fetch accepts as a request body. */
type Body = NonNullable<Parameters<typeof fetch>[1]>['body'];

let assistant: App;
let app: FastifyInstance;
let base: string;
let userCount = 0;
const newUser = () => `http-user-${++userCount}`;

beforeAll(async () => {
  assistant = createMemoryApp({ clock: () => new Date('2026-11-25T04:00:00Z') });
  app = createServer(assistant, loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test' }));
  const port = await listenOnLoopback(app);
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await app?.close();
});

function post(body: Body, contentType: string | undefined = 'application/json') {
  const headers: Record<string, string> = {};
  if (contentType) headers['content-type'] = contentType;
  return fetch(`${base}/api/ask`, { method: 'POST', headers, body });
}

const ask = async (user: string, text: string) => {
  const res = await post(JSON.stringify({ user, text }));
  expect(res.status).toBe(200);
  return (await res.json()) as {
    replies: string[];
    fallback: boolean;
    intent: string;
    confidence: number;
    sources: Array<Record<string, unknown>>;
    suggestions: string[];
  };
};

describe('POST /api/ask', () => {
  it('a valid request returns 200 with exactly replies, fallback, intent, confidence, sources, suggestions', async () => {
    const res = await post(JSON.stringify({ user: newUser(), text: '江门 台山 咨询电话' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      ['confidence', 'fallback', 'intent', 'replies', 'sources', 'suggestions'].sort(),
    );
    expect(body).toMatchObject({ fallback: false, intent: 'jm-phones' });
    expect(body.replies).toEqual([expect.stringContaining('台山市：备案电话 5513895')]);
    expect(body.confidence).toEqual(expect.any(Number));
    const sources = body.sources as Array<Record<string, unknown>>;
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) {
      expect(Object.keys(s).sort()).toEqual(['date', 'id', 'region', 'title']);
      for (const v of Object.values(s)) expect(v).toEqual(expect.any(String));
    }
    const suggestions = body.suggestions as unknown[];
    expect(suggestions.length).toBeLessThanOrEqual(3);
    for (const s of suggestions) expect(s).toEqual(expect.any(String));
  });

  it('an out-of-scope question is a 200 with fallback: true', async () => {
    const r = await ask(newUser(), '护照过期了怎么换');
    expect(r.fallback).toBe(true);
    expect(r.sources).toEqual([]);
  });

  it('a Traditional question is answered in Traditional', async () => {
    const r = await ask(newUser(), '江門台山市的異地就醫備案電話是多少');
    expect(r.replies[0]).toContain('備案電話 5513895');
  });

  it('text of exactly 500 characters is accepted', async () => {
    const r = await ask(newUser(), '江门异地就医备案电话'.padEnd(500, '。'));
    expect(r.fallback).toBe(false);
  });

  it("multi-turn: a follow-up continues the same user's conversation only", async () => {
    const alice = newUser();
    const bob = newUser();
    await ask(alice, '江门 台山 咨询电话');
    const alices = await ask(alice, '新会呢');
    expect(alices.replies[0]).toContain('6102028');
    const bobs = await ask(bob, '新会呢');
    expect(bobs.replies.join('\n')).not.toContain('6102028');
  });

  it('multi-turn: "1" picks the suggestion the same user was offered', async () => {
    const user = newUser();
    const first = await ask(user, '江门 台山 咨询电话');
    expect(first.suggestions.length).toBeGreaterThan(0);
    const one = await ask(user, '1');
    expect(one.fallback).toBe(false);
    expect(assistant.knowledge.entryById.get(one.intent)?.question).toBe(first.suggestions[0]);
    const other = await ask(newUser(), '1');
    expect(other.fallback).toBe(true);
  });

  it('concurrent follow-ups of one user are both answered (turns are serialized)', async () => {
    const user = newUser();
    await ask(user, '江门 台山 咨询电话');
    const [a, b] = await Promise.all([ask(user, '新会呢'), ask(user, '开平呢')]);
    expect(a.replies[0]).toContain('6102028');
    expect(b.replies[0]).toContain('2256983');
  });
});

describe('bad input: a 4xx with a bilingual JSON error, never a 5xx', () => {
  const json = 'application/json';
  const valid = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({ user: 'u', text: '异地就医', ...extra });
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const nestedField = (depth: number) =>
    `{"user":"u","text":"x","n":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;

  /** `type`: the Content-Type sent (application/json unless given; null: none). */
  it.each<{
    name: string;
    body: Body;
    type?: string | null;
    status: number;
    mentions?: RegExp;
  }>([
    { name: 'not JSON', body: '{user: "u", text:', status: 400, mentions: /JSON/ },
    { name: 'truncated JSON', body: '{"user":"u","text":"异地', status: 400, mentions: /JSON/ },
    {
      name: 'form-urlencoded',
      body: 'user=u&text=x',
      type: 'application/x-www-form-urlencoded',
      status: 415,
      mentions: /Content-Type/,
    },
    {
      name: 'text/plain carrying valid JSON',
      body: valid(),
      type: 'text/plain',
      status: 415,
      mentions: /Content-Type/,
    },
    { name: 'text/plain', body: 'hello', type: 'text/plain', status: 415, mentions: /Content-Type/ },
    {
      name: 'octet-stream',
      body: valid(),
      type: 'application/octet-stream',
      status: 415,
      mentions: /Content-Type/,
    },
    { name: 'empty body', body: '', status: 400, mentions: /empty/ },
    { name: 'no body and no content type', body: undefined, type: null, status: 400 },
    { name: 'JSON array', body: '[{"user":"u","text":"x"}]', status: 400, mentions: /JSON object/ },
    { name: 'JSON string', body: '"异地就医备案怎么办"', status: 400, mentions: /JSON object/ },
    { name: 'JSON number', body: '42', status: 400, mentions: /JSON object/ },
    { name: 'JSON null', body: 'null', status: 400, mentions: /JSON object/ },
    { name: 'missing user', body: JSON.stringify({ text: '异地就医' }), status: 400, mentions: /user/ },
    { name: 'missing text', body: JSON.stringify({ user: 'u' }), status: 400, mentions: /text/ },
    { name: 'empty text', body: valid({ text: '' }), status: 400, mentions: /text/ },
    { name: 'text of 501 characters', body: valid({ text: '问'.repeat(501) }), status: 400, mentions: /500/ },
    { name: 'empty user', body: valid({ user: '' }), status: 400, mentions: /user/ },
    { name: 'user of 65 characters', body: valid({ user: 'u'.repeat(65) }), status: 400, mentions: /64/ },
    { name: 'user is a number', body: valid({ user: 42 }), status: 400, mentions: /user/ },
    { name: 'text is a number', body: valid({ text: 42 }), status: 400, mentions: /text/ },
    { name: 'text is an object', body: valid({ text: { q: '异地就医' } }), status: 400, mentions: /text/ },
    { name: 'text is an array', body: valid({ text: ['异地就医'] }), status: 400, mentions: /text/ },
    { name: 'text is null', body: valid({ text: null }), status: 400, mentions: /text/ },
    { name: 'user is null', body: valid({ user: null }), status: 400, mentions: /user/ },
    { name: 'unknown extra field', body: valid({ channel: 'web' }), status: 400, mentions: /channel/ },
    { name: '__proto__ key', body: '{"user":"u","text":"x","__proto__":{"admin":true}}', status: 400 },
    { name: 'body over 16 KB', body: valid({ text: '问'.repeat(6000) }), status: 413, mentions: /large/ },
    { name: 'deeply nested array (10 000 levels)', body: nested(5000), status: 400 },
    { name: 'deeply nested field', body: nestedField(2000), status: 400 },
    { name: 'deeply nested and over 16 KB', body: nested(20000), status: 413 },
  ])('$name → $status', async ({ body, type, status, mentions }) => {
    const res = await post(body, type === null ? undefined : (type ?? json));
    expect(res.status).toBe(status);
    const error = await expectBilingualError(res);
    if (mentions) expect(error).toMatch(mentions);
  });

  // BUG: invalid UTF-8 is decoded with U+FFFD replacement characters and answered with a 200
  // (here a fallback) instead of being rejected; different invalid user ids also collapse
  // onto the same "\uFFFD\uFFFD" conversation.
  it('invalid UTF-8 bytes are a 400', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"user":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","text":"异地'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('就医"}'),
    ]);
    const res = await post(bytes);
    expect(res.status).toBe(400);
    await expectBilingualError(res);
  });

  it('invalid UTF-8 bytes never cause a 5xx', async () => {
    const res = await post(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]));
    expect(res.status).toBeLessThan(500);
  });

  it('the server still answers normally after all the bad requests', async () => {
    const r = await ask(newUser(), '江门 台山 咨询电话');
    expect(r.intent).toBe('jm-phones');
  });
});

describe('other routes', () => {
  it('GET /healthz is 200 with the number of entries', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; entries: number };
    expect(body.status).toBe('ok');
    expect(body.entries).toBeGreaterThanOrEqual(60);
  });

  it.each([
    ['GET', '/nope'],
    ['POST', '/api/unknown'],
    ['GET', '/api/ask'],
  ])('%s %s is a 404 JSON error', async (method, path) => {
    const res = await fetch(`${base}${path}`, { method });
    expect(res.status).toBe(404);
    const error = await expectBilingualError(res);
    expect(error).toMatch(/Not found/);
  });
});
