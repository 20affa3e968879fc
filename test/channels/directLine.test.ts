// The self-hosted Direct Line 3.0 service, driven by Microsoft's own client library
// (botframework-directlinejs, unmodified) against a real server on a loopback port: what a
// Web Chat user gets — the welcome, answers with sources and buttons, a dialog over several
// turns, a reconnect that replays from the watermark — and the token rules around it.
import { MemoryStorage } from 'botbuilder-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type App, createApp } from '../../src/app.js';
import { StorageConversationStore } from '../../src/channels/directLine/store.js';
import { loadConfig } from '../../src/config.js';
import { createServer, maskUrl } from '../../src/server.js';
import { ConnectionStatus, NodeWebSocket, requestLog, TestClient } from '../helpers/directLineClient.js';
import { listenOnLoopback } from '../helpers/http.js';
import { DIALOG_NOW } from '../helpers/transcript.js';

const SECRET = 'test-directline-secret-0123456789abcdef';
const TTL = 600;
/** The server's clock: dialogs see 2026-11-25; token tests move it forward. */
let now = DIALOG_NOW;
let storage: MemoryStorage;
let assistant: App;
let app: FastifyInstance;
let base: string;
let domain: string;
const clients: TestClient[] = [];

async function startServer(
  s: MemoryStorage,
): Promise<{ app: FastifyInstance; base: string; assistant: App }> {
  const a = createApp({ clock: () => now, storage: s });
  const server = createServer(
    a,
    loadConfig({
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      DIRECTLINE_SECRET: SECRET,
      DIRECTLINE_TOKEN_TTL_SECONDS: String(TTL),
      // Many conversations from one address: the token-issue limit is tested in rateLimit tests.
      DIRECTLINE_TOKENS_PER_IP_PER_MIN: '0',
    }),
  );
  const port = await listenOnLoopback(server);
  return { app: server, base: `http://127.0.0.1:${port}`, assistant: a };
}

beforeAll(async () => {
  storage = new MemoryStorage();
  ({ app, base, assistant } = await startServer(storage));
  domain = `${base}/v3/directline`;
});

afterEach(() => {
  for (const c of clients.splice(0)) c.end();
  now = DIALOG_NOW;
});

afterAll(async () => {
  await app?.close();
});

/** What the page does first: a token for a new conversation from our server. */
async function pageToken(): Promise<{
  token: string;
  conversationId: string;
  userId: string;
  expires_in: number;
}> {
  const res = await fetch(`${base}/api/webchat/token`, { method: 'POST' });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return (await res.json()) as { token: string; conversationId: string; userId: string; expires_in: number };
}

function client(options: {
  token: string;
  webSocket?: boolean;
  conversationId?: string;
  watermark?: string;
}) {
  const c = new TestClient({
    domain,
    webSocket: options.webSocket ?? NodeWebSocket !== undefined,
    ...options,
  });
  clients.push(c);
  return c;
}

function api(
  path: string,
  init: { method?: string; token?: string; body?: unknown; raw?: string; type?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  if (body !== undefined) headers['content-type'] = init.type ?? 'application/json';
  return fetch(`${domain}${path}`, { method: init.method ?? 'GET', headers, body });
}

/** A JSON error in Chinese and English. */
async function bilingualError(res: Response): Promise<string> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: string };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatch(/\p{Script=Han}/u);
  expect(body.error).toMatch(/[A-Za-z]{4,}/);
  return body.error;
}

const ASK_REGION = '请问您（或家人）是在哪里参保的？';
const ASK_DISCHARGE = '现在还在住院，还是已经出院了？';
const ASK_ADMISSION = '请问是哪天住院的？';

describe('a Web Chat conversation through the Direct Line client', () => {
  it(`streams over ${NodeWebSocket ? 'WebSocket' : 'polling'}: welcome, an FAQ answer with sources and buttons, a dialog, a reconnect`, async () => {
    const { token, conversationId, userId } = await pageToken();
    requestLog.length = 0;
    const first = client({ token });

    // The page's join event: the bot greets with suggested questions as imBack buttons.
    const joinId = await first.post({ type: 'event', name: 'webchat/join', value: { language: 'zh-CN' } });
    const [welcome] = await first.repliesTo(joinId);
    expect(welcome?.text).toContain('您好！我是异地就医备案助手');
    expect(welcome?.suggestedActions?.actions.length).toBeGreaterThan(0);
    for (const action of welcome?.suggestedActions?.actions ?? []) {
      expect(action.type).toBe('imBack');
      expect(action.value).toBe(action.title);
    }
    expect(first.conversationId).toBe(conversationId);

    // An FAQ answer: the text carries the source line; follow-ups are buttons.
    const askId = await first.say('江门 台山 咨询电话');
    expect(askId).toMatch(new RegExp(`^${conversationId}\\|\\d{7}$`));
    const [answer] = await first.repliesTo(askId);
    expect(answer?.text).toContain('台山市：备案电话 5513895');
    expect(answer?.text).toContain('来源：《快收好!医保异地就医备案指南来了!》');
    expect(answer?.textFormat).toBe('plain');
    expect(answer?.from).toMatchObject({ id: 'yidi-bot', role: 'bot' });
    expect(answer?.id).toMatch(new RegExp(`^${conversationId}\\|\\d{7}$`));
    expect(answer?.suggestedActions?.actions.map((a) => a.type)).toContain('imBack');
    // The user's own message comes back too (Web Chat marks it as sent by that echo).
    const echo = first.received.find((a) => a.id === askId);
    expect(echo).toMatchObject({
      type: 'message',
      text: '江门 台山 咨询电话',
      from: { id: userId, role: 'user' },
    });

    // A follow-up in the same conversation keeps the context.
    const [followUp] = await first.repliesTo(await first.say('新会呢'));
    expect(followUp?.text).toContain('6102028');

    // A dialog over several activities, interrupted by a reconnect (看病 leaves the stage of care open).
    await first.answerTo(await first.say('我爸在广州看病，没来得及备案还能补吗？'), ASK_DISCHARGE);
    const seen = first.received.length;
    const { watermark } = first;
    if (NodeWebSocket) {
      // Everything arrived over the stream: the client never polled.
      expect(requestLog.filter((r) => r.startsWith('GET') && r.endsWith('/activities'))).toEqual([]);
    }
    first.end();

    // Meanwhile the conversation goes on from another client (another tab of the user).
    const other = client({ token, webSocket: false, conversationId, watermark });
    const stillInId = await other.say('还在住院');
    await other.answerTo(stillInId, ASK_ADMISSION);

    // Reconnect with the watermark: the missed activities are replayed, then the dialog goes on.
    const refreshed = (await (await api('/tokens/refresh', { method: 'POST', token })).json()) as {
      token: string;
    };
    const again = client({ token: refreshed.token, conversationId, watermark });
    await again.answerTo(stillInId, ASK_ADMISSION);
    expect(again.received[0]).toMatchObject({ id: stillInId, text: '还在住院', from: { role: 'user' } });
    expect(again.received.length).toBeLessThan(seen);
    const outcome = await again.answerTo(await again.say('昨天'), '最迟要在2026年12月4日前办好');
    expect(outcome).toContain('并且必须在出院之前');
    expect(outcome).toContain('来源');
  });

  it('polling only (webSocket: false) gets the same answers', async () => {
    const { token } = await pageToken();
    const c = client({ token, webSocket: false });
    const [answer] = await c.repliesTo(await c.say('异地就医备案怎么办？'));
    expect(answer?.text).toContain('来源');
    expect(c.received.some((a) => a.type === 'message' && a.from.role === 'user')).toBe(true);
  });

  it('a second join does not greet again (a reloaded page resumes without a new welcome)', async () => {
    const { token } = await pageToken();
    const c = client({ token, webSocket: false });
    await c.repliesTo(await c.post({ type: 'event', name: 'webchat/join' }));
    const secondJoin = await c.post({ type: 'conversationUpdate', membersAdded: [{ id: 'x' }] } as never);
    await c.repliesTo(await c.say('异地就医备案怎么办？'));
    expect(c.received.filter((a) => a.type === 'message' && a.replyToId === secondJoin)).toEqual([]);
    expect(c.received.filter((a) => a.type === 'message' && a.text?.startsWith('您好！'))).toHaveLength(1);
  });

  it('an instance that shares the Storage serves the conversation too (polling and reconnect)', async () => {
    const second = await startServer(storage);
    try {
      const { token, conversationId } = await pageToken();
      const a = client({ token, webSocket: false });
      await a.repliesTo(await a.say('我妈在外地看病，没来得及备案，还能补吗？'));
      a.end();
      const b = new TestClient({
        token,
        domain: `${second.base}/v3/directline`,
        webSocket: false,
        conversationId,
      });
      clients.push(b);
      await b.until(
        () => b.received.some((x) => x.text?.includes(ASK_REGION)),
        10000,
        'the replayed question',
      );
      // The dialog state is in the shared Storage: the other instance continues it.
      expect((await b.repliesTo(await b.say('邢台')))[0]?.text).toContain(ASK_DISCHARGE);
    } finally {
      await second.app.close();
    }
  });
});

describe('tokens', () => {
  async function started() {
    const { token, conversationId } = await pageToken();
    const res = await api('/conversations', { method: 'POST', token });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      conversationId: string;
      token: string;
      expires_in: number;
      streamUrl: string;
    };
    expect(body.conversationId).toBe(conversationId);
    expect(body.expires_in).toBe(TTL);
    expect(body.streamUrl).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${conversationId}/stream\\?`),
    );
    return { token, conversationId, streamUrl: body.streamUrl };
  }
  const message = { type: 'message', text: '异地就医备案怎么办？', from: { id: 'u' } };

  it("a conversation's token cannot read or write another conversation (403)", async () => {
    const a = await started();
    const b = await started();
    const cases = [
      api(`/conversations/${b.conversationId}/activities`, { method: 'POST', token: a.token, body: message }),
      api(`/conversations/${b.conversationId}/activities`, { token: a.token }),
      api(`/conversations/${b.conversationId}?watermark=0`, { token: a.token }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(403);
      expect(await bilingualError(res)).toMatch(/another conversation|not grant/);
    }
    // Its own conversation works.
    expect((await api(`/conversations/${a.conversationId}/activities`, { token: a.token })).status).toBe(200);
  });

  it('the stream URL opens only its own conversation, and only for a minute', async () => {
    const a = await started();
    const b = await started();
    const streamToken = new URL(a.streamUrl).searchParams.get('t') ?? '';
    const other = `${domain.replace('http', 'ws')}/conversations/${b.conversationId}/stream?t=${streamToken}`;
    expect(await upgradeStatus(other)).toBe(403);
    expect(
      await upgradeStatus(`${domain.replace('http', 'ws')}/conversations/${a.conversationId}/stream`),
    ).toBe(401);
    // A stream token is not a REST credential.
    expect((await api(`/conversations/${a.conversationId}/activities`, { token: streamToken })).status).toBe(
      403,
    );
    now = new Date(DIALOG_NOW.getTime() + 61000);
    expect(await upgradeStatus(a.streamUrl)).toBe(403);
    now = DIALOG_NOW;
    expect(await upgradeStatus(a.streamUrl)).toBe(101);
  });

  it('an expired token is refused with 403; a refreshed one keeps working', async () => {
    const a = await started();
    now = new Date(DIALOG_NOW.getTime() + (TTL - 60) * 1000);
    const refresh = await api('/tokens/refresh', { method: 'POST', token: a.token });
    expect(refresh.status).toBe(200);
    const refreshed = (await refresh.json()) as { token: string; conversationId: string; expires_in: number };
    expect(refreshed).toMatchObject({ conversationId: a.conversationId, expires_in: TTL });
    now = new Date(DIALOG_NOW.getTime() + (TTL + 1) * 1000);
    const expired = await api(`/conversations/${a.conversationId}/activities`, { token: a.token });
    expect(expired.status).toBe(403);
    expect(await bilingualError(expired)).toMatch(/expired/);
    expect((await api('/tokens/refresh', { method: 'POST', token: a.token })).status).toBe(403);
    const posted = await api(`/conversations/${a.conversationId}/activities`, {
      method: 'POST',
      token: refreshed.token,
      body: message,
    });
    expect(posted.status).toBe(200);
    expect(((await posted.json()) as { id: string }).id).toMatch(new RegExp(`^${a.conversationId}\\|`));
  });

  it('the Direct Line client reports an expired token', async () => {
    const { token } = await pageToken();
    now = new Date(DIALOG_NOW.getTime() + (TTL + 1) * 1000);
    const c = client({ token, webSocket: false });
    await c.until(() => c.status === ConnectionStatus.FailedToConnect, 10000, 'FailedToConnect');
    expect(c.error).toMatchObject({ status: 403 });
  });

  it.each([
    ['no Authorization header', undefined, 401, /Authorization/],
    ['an empty bearer', '', 401, /Authorization/],
    ['not a token', 'hello', 403, /invalid/],
    ['a token with a changed signature', 'TAMPER', 403, /invalid/],
    ['a token signed with another secret', 'FOREIGN', 403, /invalid/],
  ])('%s → %i', async (_name, kind, status, mentions) => {
    const a = await started();
    let token = kind;
    if (kind === 'TAMPER') token = `${a.token.slice(0, -3)}${a.token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    if (kind === 'FOREIGN') {
      const [header, payload] = a.token.split('.');
      token = `${header}.${payload}.c2lnbmVkLXdpdGgtYW5vdGhlci1zZWNyZXQtMDEyMzQ1Njc4OQ`;
    }
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
    const res = await fetch(`${domain}/conversations/${a.conversationId}/activities`, { headers });
    expect(res.status).toBe(status);
    expect(await bilingualError(res)).toMatch(mentions);
  });

  it('the secret generates tokens and starts conversations; a token cannot generate', async () => {
    const generated = await api('/tokens/generate', {
      method: 'POST',
      token: SECRET,
      body: { user: { id: 'dl_alice' } },
    });
    expect(generated.status).toBe(200);
    const g = (await generated.json()) as { conversationId: string; token: string; expires_in: number };
    expect(g.expires_in).toBe(TTL);
    const start = await api('/conversations', { method: 'POST', token: g.token });
    expect(start.status).toBe(201);
    const again = await api('/conversations', { method: 'POST', token: g.token });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { conversationId: string }).conversationId).toBe(g.conversationId);

    const bySecret = await api('/conversations', { method: 'POST', token: SECRET });
    expect(bySecret.status).toBe(201);
    expect((await api('/tokens/generate', { method: 'POST', token: g.token })).status).toBe(403);
    // With the secret the activity must say who speaks; a token speaks for its own user.
    const { conversationId } = (await bySecret.json()) as { conversationId: string };
    const anonymous = await api(`/conversations/${conversationId}/activities`, {
      method: 'POST',
      token: SECRET,
      body: { type: 'message', text: '你好' },
    });
    expect(anonymous.status).toBe(400);
    const posted = await api(`/conversations/${g.conversationId}/activities`, {
      method: 'POST',
      token: g.token,
      body: { type: 'message', text: '异地就医备案怎么办？', from: { id: 'mallory' } },
    });
    expect(posted.status).toBe(200);
    const log = (await (
      await api(`/conversations/${g.conversationId}/activities`, { token: g.token })
    ).json()) as {
      activities: Array<{ from: { id: string }; text?: string }>;
    };
    expect(log.activities.find((x) => x.text === '异地就医备案怎么办？')?.from.id).toBe('dl_alice');
  });
});

describe('bad requests: a 4xx with a bilingual error, never a 5xx', () => {
  let token: string;
  let conversationId: string;
  beforeAll(async () => {
    ({ token, conversationId } = await pageToken());
  });
  const post = (body: { raw?: string; body?: unknown; type?: string }) =>
    api(`/conversations/${conversationId}/activities`, { method: 'POST', token, ...body });

  it.each<[string, { raw?: string; body?: unknown; type?: string }, number, RegExp?]>([
    ['not JSON', { raw: '{"type":' }, 400, /JSON/],
    ['empty body', { raw: '' }, 400, /empty/],
    ['a JSON array', { body: [{ type: 'message' }] }, 400, /JSON object/],
    ['a JSON string', { body: 'hello' }, 400, /JSON object/],
    ['null', { raw: 'null' }, 400, /JSON object/],
    ['no type', { body: { text: 'hi' } }, 400, /type/],
    ['type is a number', { body: { type: 7 } }, 400, /type/],
    ['unsupported type', { body: { type: 'invoke', name: 'x' } }, 400, /invoke/],
    ['text is a number', { body: { type: 'message', text: 42 } }, 400, /text/],
    ['text is an object', { body: { type: 'message', text: { a: 1 } } }, 400, /text/],
    ['text of 2001 characters', { body: { type: 'message', text: '问'.repeat(2001) } }, 400, /text/],
    [
      'attachments',
      { body: { type: 'message', attachments: [{ contentType: 'image/png' }] } },
      400,
      /ttachment/,
    ],
    ['from is a string', { body: { type: 'message', text: 'x', from: 'me' } }, 400, /from/],
    ['a huge value', { body: { type: 'event', name: 'x', value: 'v'.repeat(5000) } }, 400, /value/],
    ['a bad locale', { body: { type: 'message', text: 'x', locale: '<script>' } }, 400, /locale/],
    [
      'clientActivityID too long',
      { body: { type: 'message', text: 'x', channelData: { clientActivityID: 'c'.repeat(200) } } },
      400,
      /channelData/,
    ],
    ['text/plain', { raw: '{"type":"message"}', type: 'text/plain' }, 415, /Content-Type/],
    [
      'form-urlencoded',
      { raw: 'type=message', type: 'application/x-www-form-urlencoded' },
      415,
      /Content-Type/,
    ],
    ['body over the limit', { body: { type: 'message', text: '问'.repeat(8000) } }, 413, /large/],
  ])('%s → %i', async (_name, body, status, mentions) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    const error = await bilingualError(res);
    if (mentions) expect(error).toMatch(mentions);
  });

  it.each([
    ['watermark=abc', `/conversations/{id}/activities?watermark=abc`, 400],
    ['watermark=-1', `/conversations/{id}/activities?watermark=-1`, 400],
    ['watermark=1.5', `/conversations/{id}?watermark=1.5`, 400],
    ['a malformed conversation id (secret)', '/conversations/bad%7Cid/activities', 404],
    ['an unknown conversation (secret)', '/conversations/unknownConversation/activities', 404],
  ])('%s → %i', async (_name, path, status) => {
    const useSecret = path.includes('%7C') || path.includes('unknown');
    const res = await api(path.replace('{id}', conversationId), { token: useSecret ? SECRET : token });
    expect(res.status).toBe(status);
    await bilingualError(res);
  });

  it('a text of 2000 characters is answered by the bot ("too long"), not refused', async () => {
    const res = await post({ body: { type: 'message', text: '问'.repeat(2000) } });
    expect(res.status).toBe(200);
    const log = (await (await api(`/conversations/${conversationId}/activities`, { token })).json()) as {
      activities: Array<{ text?: string }>;
    };
    expect(log.activities.at(-1)?.text).toContain('500字以内');
  });

  it('typing is accepted and neither logged nor answered', async () => {
    const before = (await (await api(`/conversations/${conversationId}/activities`, { token })).json()) as {
      watermark: string;
    };
    expect((await post({ body: { type: 'typing', from: { id: 'u' } } })).status).toBe(200);
    const after = (await (await api(`/conversations/${conversationId}/activities`, { token })).json()) as {
      watermark: string;
    };
    expect(after.watermark).toBe(before.watermark);
  });
});

describe('a restart with in-memory storage (the conversation log is gone)', () => {
  it('a valid token continues: the conversation is created again and a watermark from before still gets the new replies', async () => {
    const { token, conversationId } = await pageToken();
    const before = client({ token, webSocket: false });
    await before.answerTo(await before.say('江门 台山 咨询电话'), '5513895');
    const oldWatermark = Number(before.watermark);
    expect(oldWatermark).toBeGreaterThanOrEqual(2);
    before.end();

    const restarted = await startServer(new MemoryStorage()); // same secret, empty storage
    try {
      const url = `${restarted.base}/v3/directline/conversations/${conversationId}`;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const posted = await fetch(`${url}/activities`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'message', text: '异地就医备案怎么办？' }),
      });
      expect(posted.status).toBe(200);
      const polled = await fetch(`${url}/activities?watermark=${oldWatermark}`, { headers });
      const body = (await polled.json()) as { activities: Array<{ text?: string }>; watermark: string };
      expect(body.activities.map((a) => a.text)[0]).toBe('异地就医备案怎么办？');
      expect(body.activities.length).toBeGreaterThanOrEqual(2);
      expect(Number(body.watermark)).toBeGreaterThan(oldWatermark);
    } finally {
      await restarted.app.close();
    }
  });
});

describe('per-user rate limit', () => {
  it('messages beyond RATE_LIMIT_PER_USER_PER_MIN are a 429 with Retry-After', async () => {
    const limited = createServer(
      assistant,
      loadConfig({
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
        DIRECTLINE_SECRET: SECRET,
        RATE_LIMIT_PER_USER_PER_MIN: '2',
      }),
    );
    const port = await listenOnLoopback(limited);
    try {
      const url = `http://127.0.0.1:${port}/v3/directline`;
      const { token, conversationId } = (await (
        await fetch(`${url}/tokens/generate`, {
          method: 'POST',
          headers: { authorization: `Bearer ${SECRET}` },
        })
      ).json()) as { token: string; conversationId: string };
      const send = () =>
        fetch(`${url}/conversations/${conversationId}/activities`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message', text: '异地就医备案怎么办？' }),
        });
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(200);
      const third = await send();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      await bilingualError(third);
    } finally {
      await limited.close();
    }
  });
});

describe('the conversation store', () => {
  it('keeps the newest activities and a watermark that only grows', async () => {
    const store = new StorageConversationStore(new MemoryStorage(), 5);
    await store.create('c1', 'u1', DIALOG_NOW);
    for (let i = 0; i < 8; i += 1) await store.append('c1', [{ type: 'message', text: `m${i}` }]);
    const record = await store.get('c1');
    expect(record?.next).toBe(8);
    expect(record?.activities.map((a) => a.text)).toEqual(['m3', 'm4', 'm5', 'm6', 'm7']);
    expect(record?.activities[0]?.id).toBe('c1|0000003');
  });

  it('concurrent appends (several instances) all land, each with its own sequence number', async () => {
    const shared = new MemoryStorage();
    const stores = [new StorageConversationStore(shared), new StorageConversationStore(shared)];
    await stores[0]?.create('c2', 'u', DIALOG_NOW);
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) => stores[i % 2]?.append('c2', [{ type: 'message', text: `t${i}` }])),
    );
    const ids = results.map((r) => r?.activities[0]?.id);
    expect(new Set(ids).size).toBe(4);
    expect((await stores[1]?.get('c2'))?.activities.map((a) => a.text).sort()).toEqual([
      't0',
      't1',
      't2',
      't3',
    ]);
  });

  it('conversations are kept in the assistant Storage under directline/<id>', async () => {
    const { conversationId } = await pageToken().then(async (t) => {
      await api('/conversations', { method: 'POST', token: t.token });
      return t;
    });
    const items = await assistant.storage.read([`directline/${conversationId}`]);
    expect(items[`directline/${conversationId}`]).toMatchObject({ id: conversationId, next: 0 });
  });
});

/** The HTTP status of a WebSocket upgrade request (101 when it opened). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (error) => reject(error));
  });
}

describe('credentials in a WebSocket URL (they end up in logs, proxies and browser history)', () => {
  async function started() {
    const { token } = await pageToken();
    const res = await api('/conversations', { method: 'POST', token });
    return { ...((await res.json()) as { conversationId: string; streamUrl: string }), token };
  }

  it('only a short-lived stream token is accepted in ?t=; a conversation token or the secret there is 403', async () => {
    const a = await started();
    const stream = (t: string) =>
      `${domain.replace('http', 'ws')}/conversations/${a.conversationId}/stream?t=${encodeURIComponent(t)}`;
    expect(await upgradeStatus(stream(a.token))).toBe(403);
    expect(await upgradeStatus(stream(SECRET))).toBe(403);
    const refused = await fetch(stream(a.token).replace('ws', 'http'));
    expect(await bilingualError(refused)).toContain('stream token');
    // The stream URL the service hands out carries a stream token, good for a minute.
    expect(await upgradeStatus(a.streamUrl)).toBe(101);
    now = new Date(DIALOG_NOW.getTime() + 61000);
    expect(await upgradeStatus(a.streamUrl)).toBe(403);
  });

  it('a conversation token in the Authorization header still opens the stream (non-browser clients)', async () => {
    const a = await started();
    const url = `${domain.replace('http', 'ws')}/conversations/${a.conversationId}/stream`;
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { authorization: `Bearer ${a.token}` } });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', reject);
    });
    expect(status).toBe(101);
  });

  it('request logs show t=*** instead of the token, and numbers masked', () => {
    const url =
      '/v3/directline/conversations/abc/stream?watermark=3&t=eyJhbGciOi.eyJrbmQiOiJz.c2ln&x=13912345678';
    const logged = maskUrl(url);
    expect(logged).toBe('/v3/directline/conversations/abc/stream?watermark=3&t=***&x=[手机号]');
  });
});
