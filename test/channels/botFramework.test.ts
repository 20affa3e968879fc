// POST /api/messages through botbuilder's real CloudAdapter: a real server on a loopback
// port, and a second loopback server playing the Bot Connector / Emulator that records
// what the bot posts back. Replies are checked there, as a channel would render them.
import { networkInterfaces } from 'node:os';
import type { Storage } from 'botbuilder-core';
import type { FastifyInstance } from 'fastify';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  type MockInstance,
  vi,
} from 'vitest';
import { type App, createApp, createMemoryApp } from '../../src/app.js';
import { botFrameworkMode, isLoopback } from '../../src/channels/botFramework.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { botFrameworkAddress } from '../../src/conversation/conversations.js';
import { createBotFrameworkDevServer, createServer } from '../../src/server.js';
import { type BotConnector, startBotConnector } from '../helpers/botConnector.js';
import { expectBilingualError, listenOnLoopback } from '../helpers/http.js';
import { DIALOG_NOW } from '../helpers/transcript.js';

const BOT = { id: 'yidi-bot-id', name: '异地就医备案助手', role: 'bot' };
const SOURCE_LINE = '来源：《';
const ASK_REGION = '请问您（或家人）是在哪里参保的？';

let connector: BotConnector;
let assistant: App;
const servers: FastifyInstance[] = [];
let conversations = 0;
/** A conversation id as the Emulator makes them (with a "|livechat" suffix). */
const newConversation = () => `conv-${process.pid}-${++conversations}|livechat`;

beforeAll(async () => {
  connector = await startBotConnector();
  assistant = createMemoryApp({ clock: () => DIALOG_NOW });
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await connector?.close();
});

/** The public server on `host` (ephemeral port) with these settings; returns its /api/messages URL. */
async function serve(env: Record<string, string> = {}, host = '127.0.0.1', bot = assistant): Promise<string> {
  const app = createServer(bot, loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }));
  servers.push(app);
  const port = await listenOnLoopback(app, host);
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/api/messages`;
}

/**
 * The loopback development listener of /api/messages (BOT_FRAMEWORK_ENDPOINT=on, no app id),
 * as main.ts starts it on 127.0.0.1:BOT_FRAMEWORK_DEV_PORT; returns its /api/messages URL.
 */
async function serveDev(env: Record<string, string> = {}, bot = assistant): Promise<string> {
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', BOT_FRAMEWORK_ENDPOINT: 'on', ...env });
  const app = createBotFrameworkDevServer(bot, config);
  if (!app) throw new Error('no development listener with these settings');
  servers.push(app);
  const port = await listenOnLoopback(app);
  return `http://127.0.0.1:${port}/api/messages`;
}

/** A storage that reads but cannot write, as when the database has gone away. */
function unwritableStorage(): Storage {
  return {
    read: async () => ({}),
    write: async () => {
      throw new Error('storage unavailable');
    },
    delete: async () => undefined,
  };
}

let activities = 0;
/** An activity as the Emulator posts it. */
function activity(conversationId: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'message',
    id: `in-${++activities}`,
    timestamp: new Date().toISOString(),
    channelId: 'emulator',
    serviceUrl: connector.url,
    from: { id: `user-of-${conversationId}`, name: '用户', role: 'user' },
    recipient: BOT,
    conversation: { id: conversationId },
    locale: 'zh-CN',
    ...fields,
  };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** What the stored conversation state holds for an Emulator conversation (undefined: none). */
async function storedState(conversationId: string): Promise<unknown> {
  // Bot Framework conversations are stored in their own namespace, under a salted hash.
  const { stateKey } = assistant.conversations.keys.of(
    botFrameworkAddress({ channelId: 'emulator', conversation: { id: conversationId } as never }),
  );
  return (await assistant.storage.read([stateKey]))[stateKey];
}

describe('the Emulator, no app id (BOT_FRAMEWORK_ENDPOINT=on: the loopback development listener)', () => {
  let url: string;
  beforeAll(async () => {
    url = await serveDev();
  });

  /** Says `text` in a conversation; returns the texts the bot posted back in that turn. */
  async function say(conversationId: string, text: string): Promise<string[]> {
    const before = connector.repliesTo(conversationId).length;
    const res = await post(url, activity(conversationId, { text }));
    expect(res.status).toBe(200);
    return connector
      .repliesTo(conversationId)
      .slice(before)
      .map((c) => c.activity.text ?? '');
  }

  it('an FAQ question: the answer with its source line is posted back as a reply to the message', async () => {
    const conversation = newConversation();
    const sent = activity(conversation, { text: '江门 台山 咨询电话' });
    const res = await post(url, sent);
    expect(res.status).toBe(200);
    const [reply, ...more] = connector.repliesTo(conversation);
    expect(more).toEqual([]);
    expect(reply?.replyToId).toBe(sent.id);
    expect(reply?.activity).toMatchObject({
      type: 'message',
      channelId: 'emulator',
      conversation: { id: conversation },
      from: BOT,
      recipient: { id: `user-of-${conversation}` },
      replyToId: sent.id,
      locale: 'zh-CN',
    });
    expect(reply?.activity.text).toContain('台山市：备案电话 5513895');
    expect(reply?.activity.text).toContain(SOURCE_LINE);
    // Suggested follow-ups arrive as buttons, with the channel-neutral metadata.
    const buttons = (reply?.activity.suggestedActions as { actions: { value: string }[] } | undefined)
      ?.actions;
    expect(buttons?.length).toBeGreaterThan(0);
    expect(reply?.activity.channelData).toMatchObject({ yidi: { intent: 'jm-phones', fallback: false } });
  });

  it('a multi-turn dialog continues across activities of one conversation only', async () => {
    const conversation = newConversation();
    // The general rule first, then the dialog's first question.
    const first = await say(conversation, '我妈在北京住院了，没备案还能补吗？');
    expect(first).toEqual([expect.stringContaining(SOURCE_LINE), expect.stringContaining(ASK_REGION)]);
    const second = (await say(conversation, '前天住院的，还没出院')).join('\n');
    expect(second).toContain(ASK_REGION);
    expect(second).not.toContain('没太明白');
    const outcome = (await say(conversation, '邢台')).join('\n');
    expect(outcome).toContain('还来得及');
    expect(outcome).toContain('最迟要在2026年12月3日前办好（还剩8天）');
    expect(outcome).toContain(SOURCE_LINE);
    // Another conversation saying the same last word is not in that dialog.
    const other = (await say(newConversation(), '邢台')).join('\n');
    expect(other).not.toContain('最迟要在');
  });

  it('the dialog state is kept in the shared conversation state', async () => {
    const conversation = newConversation();
    await say(conversation, '我妈在北京住院了，没备案还能补吗？');
    expect(await storedState(conversation)).toMatchObject({ dialogState: expect.any(Object) });
  });

  it.each([
    { who: 'a user joins (with the bot)', members: [{ id: 'new-user' }, BOT], welcomed: true },
    { who: 'only the bot joins', members: [BOT], welcomed: false },
  ])('conversationUpdate, $who → welcome: $welcomed', async ({ members, welcomed }) => {
    const conversation = newConversation();
    const res = await post(
      url,
      activity(conversation, { type: 'conversationUpdate', membersAdded: members }),
    );
    expect(res.status).toBe(200);
    const texts = connector.repliesTo(conversation).map((c) => c.activity.text);
    expect(texts).toEqual(welcomed ? [assistant.knowledge.messages.welcome] : []);
  });

  it('a failure inside the turn (storage down) posts the turnError message, not silence', async () => {
    const broken = createApp({ clock: () => DIALOG_NOW, storage: unwritableStorage() });
    const brokenUrl = await serveDev({}, broken);
    const conversation = newConversation();
    const res = await post(brokenUrl, activity(conversation, { text: '江门 台山 咨询电话' }));
    expect(res.status).toBe(200);
    const texts = connector.repliesTo(conversation).map((c) => c.activity.text);
    expect(texts.at(-1)).toBe(broken.knowledge.messages.turnError);
  });

  it('an invoke the bot does not handle → 501 bilingual (the protocol’s answer), no reply posted', async () => {
    const conversation = newConversation();
    const res = await post(url, activity(conversation, { type: 'invoke', name: 'yidi/unknown', value: {} }));
    expect(res.status).toBe(501);
    await expectBilingualError(res);
    expect(connector.repliesTo(conversation)).toEqual([]);
  });

  it('per-user rate limit: past it the user is asked to wait (the bot does not answer), others are not', async () => {
    const limitedUrl = await serveDev({ RATE_LIMIT_PER_USER_PER_MIN: '2' });
    const conversation = newConversation();
    const texts: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const before = connector.repliesTo(conversation).length;
      const res = await post(limitedUrl, activity(conversation, { text: '江门 台山 咨询电话' }));
      expect(res.status).toBe(200);
      texts.push(
        connector
          .repliesTo(conversation)
          .slice(before)
          .map((c) => c.activity.text ?? '')
          .join('\n'),
      );
    }
    expect(texts[0]).toContain('5513895');
    // The same question on the next turn gets a short pointer to the answer just given.
    expect(texts[1]).toBe(assistant.knowledge.messages.repeated);
    expect(texts[2]).toBe(assistant.knowledge.messages.tooFast);
    const other = newConversation();
    await post(limitedUrl, activity(other, { text: '江门 台山 咨询电话' }));
    expect(connector.repliesTo(other)[0]?.activity.text).toContain('5513895');
  });

  it('a channel that rejects the replies: 502 bilingual error, not a 500', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const conversation = newConversation();
      // The recorder answers 404 outside /v3/conversations (an unreachable host behaves the
      // same, after the connector client's retries: about 12 s).
      const rejecting = `${connector.url}/gone`;
      const res = await post(url, activity(conversation, { text: '异地就医', serviceUrl: rejecting }));
      expect(res.status).toBe(502);
      expect(await expectBilingualError(res)).toMatch(/channel service/);
      expect(connector.repliesTo(conversation)).toEqual([]);
    } finally {
      quiet.mockRestore();
    }
  });

  const valid = () => activity(newConversation(), { text: '异地就医备案' });
  const without = (field: string) => {
    const a = valid();
    delete a[field];
    return a;
  };
  it.each<{ name: string; body: () => unknown; type?: string; status: number; mentions?: RegExp }>([
    { name: 'not JSON', body: () => '{"type":"message",', status: 400, mentions: /JSON/ },
    { name: 'empty body', body: () => '', status: 400 },
    { name: 'JSON array', body: () => [valid()], status: 400, mentions: /JSON object/ },
    { name: 'JSON string', body: () => '"hello"', status: 400, mentions: /JSON object/ },
    { name: 'JSON null', body: () => 'null', status: 400, mentions: /JSON object/ },
    { name: 'text/plain', body: () => JSON.stringify(valid()), type: 'text/plain', status: 415 },
    { name: 'no type', body: () => without('type'), status: 400, mentions: /type/ },
    { name: 'type is a number', body: () => ({ ...valid(), type: 7 }), status: 400, mentions: /type/ },
    { name: 'no serviceUrl', body: () => without('serviceUrl'), status: 400, mentions: /serviceUrl/ },
    {
      name: 'serviceUrl not a URL',
      body: () => ({ ...valid(), serviceUrl: 'nowhere' }),
      status: 400,
      mentions: /serviceUrl/,
    },
    {
      name: 'serviceUrl ftp',
      body: () => ({ ...valid(), serviceUrl: 'ftp://127.0.0.1/' }),
      status: 400,
      mentions: /serviceUrl/,
    },
    { name: 'no conversation', body: () => without('conversation'), status: 400, mentions: /conversation/ },
    {
      name: 'conversation id empty',
      body: () => ({ ...valid(), conversation: { id: '' } }),
      status: 400,
      mentions: /conversation\.id/,
    },
    { name: 'no channelId', body: () => without('channelId'), status: 400, mentions: /channelId/ },
    { name: 'no from', body: () => without('from'), status: 400, mentions: /from/ },
    {
      name: 'from id a number',
      body: () => ({ ...valid(), from: { id: 42 } }),
      status: 400,
      mentions: /from\.id/,
    },
    { name: 'no recipient', body: () => without('recipient'), status: 400, mentions: /recipient/ },
    { name: 'text an object', body: () => ({ ...valid(), text: { q: 1 } }), status: 400, mentions: /text/ },
    {
      name: 'membersAdded not a list',
      body: () => ({ ...valid(), membersAdded: {} }),
      status: 400,
      mentions: /membersAdded/,
    },
    {
      name: 'timestamp not a date',
      body: () => ({ ...valid(), timestamp: 'yesterday' }),
      status: 400,
      mentions: /timestamp/,
    },
    { name: 'over the body limit', body: () => ({ ...valid(), text: '问'.repeat(40000) }), status: 413 },
  ])('$name → $status, and the bot does not run', async ({ body, type, status, mentions }) => {
    const before = connector.calls.length;
    const res = await post(url, body(), type ? { 'content-type': type } : {});
    expect(res.status).toBe(status);
    const error = await expectBilingualError(res);
    if (mentions) expect(error).toMatch(mentions);
    expect(connector.calls.length).toBe(before);
  });
});

/** This machine's first non-loopback IPv4 address (requests to it do not come from 127.x). */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
if (!lanAddress) console.warn('skipping non-loopback tests: this machine has no non-loopback IPv4 address');

describe('no app id: never on the public listener', () => {
  it.each<Record<string, string>>([{}, { BOT_FRAMEWORK_ENDPOINT: 'on' }])(
    '%j: the public server has no /api/messages (404), the bot does not run',
    async (env) => {
      const url = await serve(env, lanAddress ?? '127.0.0.1');
      const conversation = newConversation();
      // The way a same-host reverse proxy forwards it (no forwarding headers added).
      const res = await post(url, activity(conversation, { text: '江门 台山 咨询电话' }));
      expect(res.status).toBe(404);
      await expectBilingualError(res);
      expect(connector.repliesTo(conversation)).toEqual([]);
      expect(await storedState(conversation)).toBeUndefined();
    },
  );

  it('without BOT_FRAMEWORK_ENDPOINT=on there is no development listener at all', () => {
    expect(createBotFrameworkDevServer(assistant, loadConfig({ LOG_LEVEL: 'silent' }))).toBeUndefined();
  });
});

describe('BOT_FRAMEWORK_ENDPOINT=off', () => {
  it('there is no /api/messages route (404), other routes still work', async () => {
    const url = await serve({
      BOT_FRAMEWORK_ENDPOINT: 'off',
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'not-a-real-secret',
    });
    const res = await post(url, activity(newConversation(), { text: '异地就医' }));
    expect(res.status).toBe(404);
    await expectBilingualError(res);
    const health = await fetch(url.replace('/api/messages', '/healthz'));
    expect(health.status).toBe(200);
  });
});

/** A JWT that looks like the Bot Connector's, signed with a key of our own. */
function forgedJwt(): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = part({ alg: 'RS256', typ: 'JWT', kid: 'forged-key' });
  const payload = part({
    iss: 'https://api.botframework.com',
    aud: '11111111-2222-3333-4444-555555555555',
    serviceurl: 'http://127.0.0.1/',
    nbf: now - 60,
    exp: now + 3600,
  });
  return `${header}.${payload}.${Buffer.from('not-a-signature').toString('base64url')}`;
}

describe('with an app id (Azure Bot Service)', () => {
  const APP = {
    MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
    MicrosoftAppPassword: 'not-a-real-secret',
  };
  /** A Bot Connector service URL (the allow-list passes it; authentication decides). */
  const CONNECTOR_SERVICE = 'https://smba.trafficmanager.net/apac/';
  let url: string;
  /** CloudAdapter reports each refused request on console.error. */
  let consoleError: MockInstance<typeof console.error>;
  beforeAll(async () => {
    url = await serve(APP);
  });
  beforeEach(() => {
    consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => consoleError.mockRestore());

  it.each<{ name: string; headers: Record<string, string> }>([
    { name: 'no Authorization header', headers: {} },
    { name: 'an empty bearer token', headers: { authorization: 'Bearer ' } },
    { name: 'a token that is not a JWT', headers: { authorization: 'Bearer not.a.jwt' } },
  ])('$name → 401 bilingual, the bot does not run', async ({ headers }) => {
    const conversation = newConversation();
    const res = await post(
      url,
      activity(conversation, { text: '江门 台山 咨询电话', serviceUrl: CONNECTOR_SERVICE }),
      headers,
    );
    expect(res.status).toBe(401);
    expect(await expectBilingualError(res)).toMatch(/Unauthorized/);
    // Refused by CloudAdapter's own authentication (an AuthenticationError), not by us.
    expect(consoleError).toHaveBeenCalledWith(expect.objectContaining({ statusCode: 401 }));
    expect(connector.repliesTo(conversation)).toEqual([]);
    expect(await storedState(conversation)).toBeUndefined();
  });

  it('a forged JWT never runs the bot (401; 502 where the signing keys cannot be fetched)', async () => {
    const conversation = newConversation();
    const res = await post(
      url,
      activity(conversation, { text: '江门 台山 咨询电话', serviceUrl: CONNECTOR_SERVICE }),
      {
        authorization: `Bearer ${forgedJwt()}`,
      },
    );
    // Checking the signature needs login.botframework.com's keys: offline, that is a 502.
    expect([401, 502]).toContain(res.status);
    await expectBilingualError(res);
    expect(connector.repliesTo(conversation)).toEqual([]);
    expect(await storedState(conversation)).toBeUndefined();
  });

  it('a conversationUpdate without a token is refused too (no welcome)', async () => {
    const conversation = newConversation();
    const body = activity(conversation, {
      type: 'conversationUpdate',
      membersAdded: [{ id: 'u' }],
      serviceUrl: CONNECTOR_SERVICE,
    });
    const res = await post(url, body);
    expect(res.status).toBe(401);
    expect(connector.repliesTo(conversation)).toEqual([]);
  });
});

describe('settings', () => {
  it.each<{ env: Record<string, string>; mode: string }>([
    { env: {}, mode: 'off' },
    { env: { MicrosoftAppId: 'a', MicrosoftAppPassword: 'p' }, mode: 'authenticated' },
    { env: { BOT_FRAMEWORK_ENDPOINT: 'off', MicrosoftAppId: 'a', MicrosoftAppPassword: 'p' }, mode: 'off' },
    { env: { BOT_FRAMEWORK_ENDPOINT: 'on' }, mode: 'development' },
    { env: { BOT_FRAMEWORK_ENDPOINT: '' }, mode: 'off' },
  ])('$env → endpoint $mode', ({ env, mode }) => {
    expect(botFrameworkMode(loadConfig(env))).toBe(mode);
  });

  it.each([
    { env: { MicrosoftAppId: 'a', MicrosoftAppPassword: 'p' } },
    { env: { MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppType: 'MultiTenant' } },
    {
      env: {
        MicrosoftAppId: 'a',
        MicrosoftAppPassword: 'p',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: 't',
      },
    },
    { env: { MicrosoftAppId: 'a', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' } },
  ])('valid: $env', ({ env }) => {
    expect(loadConfig(env)).toMatchObject(env);
  });

  it.each([
    { env: { MicrosoftAppPassword: 'p' }, names: 'MicrosoftAppPassword' },
    { env: { MicrosoftAppTenantId: 't' }, names: 'MicrosoftAppTenantId' },
    { env: { MicrosoftAppId: 'a' }, names: 'MicrosoftAppPassword' },
    {
      env: { MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' },
      names: 'MicrosoftAppTenantId',
    },
    {
      env: {
        MicrosoftAppId: 'a',
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: 't',
        MicrosoftAppPassword: 'p',
      },
      names: 'MicrosoftAppPassword',
    },
    {
      env: { MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppType: 'multitenant' },
      names: 'MicrosoftAppType',
    },
    { env: { BOT_FRAMEWORK_ENDPOINT: 'true' }, names: 'BOT_FRAMEWORK_ENDPOINT' },
    { env: { BOT_FRAMEWORK_ENDPOINT: 'loopback' }, names: 'BOT_FRAMEWORK_ENDPOINT' },
    { env: { BOT_FRAMEWORK_DEV_PORT: '70000' }, names: 'BOT_FRAMEWORK_DEV_PORT' },
    { env: { BOT_FRAMEWORK_REPLY_TIMEOUT_MS: '5' }, names: 'BOT_FRAMEWORK_REPLY_TIMEOUT_MS' },
    { env: { BOT_FRAMEWORK_SERVICE_HOSTS: 'https://x.example' }, names: 'BOT_FRAMEWORK_SERVICE_HOSTS' },
  ])('invalid: $env names $names', ({ env, names }) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${names}: .*\\p{Script=Han}.* / [A-Za-z]`, 'u'));
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['192.0.2.2', false],
    ['::ffff:192.0.2.2', false],
    ['fd00::2', false],
    ['1127.0.0.1', false],
    [undefined, false],
  ])('isLoopback(%s) = %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });
});
