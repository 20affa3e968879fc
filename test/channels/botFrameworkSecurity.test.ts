// Attacks on /api/messages: an activity that claims another channel's user (channelId
// "wechat", an openid) to read or advance their conversation; serviceUrls that would make the
// server POST anywhere (another host, credentials in the URL, a tarpit that never answers);
// ids that are not well-formed UTF-16; and where the endpoint listens without an app id —
// against the real CloudAdapter on loopback ports and the real server process.
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { serviceUrlAllowed } from '../../src/channels/botFramework.js';
import { loadConfig } from '../../src/config.js';
import { createBotFrameworkDevServer, createServer } from '../../src/server.js';
import { type BotProcess, startBotProcess } from '../../tools/harness/botProcess.js';
import { freePort } from '../../tools/harness/freePort.js';
import { type BotConnector, startBotConnector } from '../helpers/botConnector.js';
import { expectBilingualError, listenOnLoopback } from '../helpers/http.js';
import { fastRun } from '../helpers/services.js';
import { DIALOG_NOW } from '../helpers/transcript.js';

const ASK_REGION = '请问您（或家人）是在哪里参保的？';
const ASK_DISCHARGE = '现在还在住院，还是已经出院了？';
const APP_ID = {
  MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
  MicrosoftAppPassword: 'not-a-real-secret',
};

let connector: BotConnector;
let assistant: App;
const servers: FastifyInstance[] = [];
let tarpit: Server;
let tarpitUrl: string;

beforeAll(async () => {
  connector = await startBotConnector();
  assistant = createMemoryApp({ clock: () => DIALOG_NOW });
  // Accepts the bot's reply call and never answers it.
  tarpit = createHttpServer(() => undefined);
  await new Promise<void>((resolve) => tarpit.listen(0, '127.0.0.1', resolve));
  tarpitUrl = `http://127.0.0.1:${(tarpit.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await connector?.close();
  tarpit.closeAllConnections();
  await new Promise((resolve) => tarpit.close(resolve));
});

async function dev(env: Record<string, string> = {}): Promise<string> {
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', BOT_FRAMEWORK_ENDPOINT: 'on', ...env });
  const app = createBotFrameworkDevServer(assistant, config);
  if (!app) throw new Error('no development listener');
  servers.push(app);
  return `http://127.0.0.1:${await listenOnLoopback(app)}/api/messages`;
}

async function authenticated(): Promise<string> {
  const app = createServer(assistant, loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', ...APP_ID }));
  servers.push(app);
  return `http://127.0.0.1:${await listenOnLoopback(app)}/api/messages`;
}

let n = 0;
function activity(fields: Record<string, unknown>): Record<string, unknown> {
  n += 1;
  return {
    type: 'message',
    id: `sec-${n}`,
    timestamp: new Date().toISOString(),
    channelId: 'emulator',
    serviceUrl: connector.url,
    from: { id: `sec-user-${n}`, role: 'user' },
    recipient: { id: 'bot', role: 'bot' },
    conversation: { id: `sec-conv-${process.pid}-${n}` },
    ...fields,
  };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('an activity claiming another channel’s user', () => {
  let url: string;
  beforeAll(async () => {
    url = await dev();
  });

  it.each(['wechat', 'api', 'directline'])(
    'channelId "%s" with that user’s ids reads nothing of theirs and cannot advance their dialog',
    async (channel) => {
      const user = `oVictim${process.pid}${channel}`;
      const address = { channel, user };
      const started = await assistant.conversations.ask(address, '我妈在外地看病，没来得及备案，还能补吗？');
      expect(started.replies.join('\n')).toContain(ASK_REGION);
      const { stateKey } = assistant.conversations.keys.of(address);
      const before = JSON.stringify(await assistant.storage.read([stateKey]));
      // The ids the in-process channels use: conversation "<channel>:<user>", from <user>.
      const forged = activity({
        channelId: channel,
        from: { id: user },
        conversation: { id: `${channel}:${user}` },
        text: '邢台',
      });
      const res = await post(url, forged);
      expect(res.status).toBe(200);
      const replies = connector.repliesTo(`${channel}:${user}`).map((c) => c.activity.text ?? '');
      expect(replies.join('\n')).not.toContain(ASK_DISCHARGE);
      expect(JSON.stringify(await assistant.storage.read([stateKey]))).toBe(before);
      // The victim's dialog still waits for their region.
      const next = await assistant.conversations.ask(address, '邢台');
      expect(next.replies.join('\n')).toContain(ASK_DISCHARGE);
    },
  );
});

describe('serviceUrl allow-list', () => {
  it.each([
    ['another host', 'http://192.0.2.10:3978/'],
    ['a public https host', 'https://example.org/'],
    ['credentials in the URL', `http://user:secret@127.0.0.1:9/`],
    ['a user name only', `http://user@127.0.0.1:9/`],
  ])('development listener, %s → 403 bilingual, nothing is posted', async (_name, serviceUrl) => {
    const url = await dev();
    const before = connector.calls.length;
    const res = await post(url, activity({ serviceUrl, text: '江门 台山 咨询电话' }));
    expect(res.status).toBe(403);
    expect(await expectBilingualError(res)).toContain('serviceUrl');
    expect(connector.calls.length).toBe(before);
  });

  it('authenticated: the Emulator’s loopback URL is refused (403) before authentication', async () => {
    const url = await authenticated();
    const res = await post(url, activity({ serviceUrl: connector.url, text: '你好' }));
    expect(res.status).toBe(403);
    await expectBilingualError(res);
  });

  it('authenticated: a Bot Connector URL passes the list and then needs a valid token (401)', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const url = await authenticated();
      const res = await post(
        url,
        activity({ serviceUrl: 'https://smba.trafficmanager.net/apac/', text: '你好' }),
      );
      expect(res.status).toBe(401);
    } finally {
      quiet.mockRestore();
    }
  });

  it.each<[string, 'authenticated' | 'development', boolean, string[]?]>([
    ['https://smba.trafficmanager.net/amer/', 'authenticated', true],
    ['https://webchat.botframework.com/', 'authenticated', true],
    ['https://directline.botframework.azure.cn/', 'authenticated', true],
    ['http://webchat.botframework.com/', 'authenticated', false],
    ['https://botframework.com.evil.example/', 'authenticated', false],
    ['https://evilbotframework.com/', 'authenticated', false],
    ['https://bots.example.gov.cn/', 'authenticated', true, ['bots.example.gov.cn']],
    ['https://a:b@webchat.botframework.com/', 'authenticated', false],
    ['http://localhost:3979/', 'development', true],
    ['http://[::1]:3979/', 'development', true],
    ['http://127.0.0.1.nip.io/', 'development', false],
    ['not a url', 'development', false],
  ])('%s in %s mode → %s', (serviceUrl, mode, allowed, extra) => {
    expect(serviceUrlAllowed(serviceUrl, mode, extra)).toBe(allowed);
  });
});

describe('a channel that never answers the reply call', () => {
  it('the caller gets a bilingual 504 at the deadline; the conversation is usable again', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const url = await dev({ BOT_FRAMEWORK_REPLY_TIMEOUT_MS: '300' });
      const conversation = { id: `tarpit-${process.pid}` };
      const res = await post(
        url,
        activity({ serviceUrl: tarpitUrl, conversation, text: '江门 台山 咨询电话' }),
      );
      expect(res.status).toBe(504);
      expect(await expectBilingualError(res)).toContain('did not answer in time');
      // The lock of that conversation was not kept: the next message is answered.
      const next = await post(url, activity({ conversation, text: '江门 台山 咨询电话' }));
      expect(next.status).toBe(200);
      expect(connector.repliesTo(conversation.id).at(-1)?.activity.text).toContain('5513895');
    } finally {
      quiet.mockRestore();
    }
  });
});

describe('ids that are not well-formed UTF-16', () => {
  it.each([
    ['from.id', { from: { id: 'u\ud800' } }],
    ['conversation.id', { conversation: { id: 'c\udfff' } }],
  ])('a lone surrogate in %s → 400 bilingual, the bot does not run', async (_name, fields) => {
    const url = await dev();
    const before = connector.calls.length;
    const res = await post(url, activity({ ...fields, text: '你好' }));
    expect(res.status).toBe(400);
    await expectBilingualError(res);
    expect(connector.calls.length).toBe(before);
  });
});

const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe.skipIf(fastRun)('the server process with BOT_FRAMEWORK_ENDPOINT=on and no app id', () => {
  let bot: BotProcess;
  let devPort: number;
  beforeAll(async () => {
    devPort = await freePort();
    bot = await startBotProcess({
      STORAGE: 'memory',
      BOT_FRAMEWORK_ENDPOINT: 'on',
      BOT_FRAMEWORK_DEV_PORT: String(devPort),
    });
    // The development listener starts right after the public one.
    for (let i = 0; i < 100 && !bot.output().includes('/api/messages'); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
  });
  afterAll(() => bot?.kill('SIGKILL'));

  it('warns at start-up and listens for /api/messages on 127.0.0.1:BOT_FRAMEWORK_DEV_PORT only', async () => {
    expect(bot.output()).toContain('Bot Framework 调试接口已开启');
    expect(bot.output()).toContain(`127.0.0.1:${devPort}/api/messages`);
    const res = await post(
      `http://127.0.0.1:${devPort}/api/messages`,
      activity({ text: '江门 台山 咨询电话' }),
    );
    expect(res.status).toBe(200);
    expect((await post(`${bot.base}/api/messages`, activity({ text: '你好' }))).status).toBe(404);
  });

  it.skipIf(!lanAddress)('the development port is not reachable on the machine’s other address', async () => {
    const outcome = await fetch(`http://${lanAddress}:${devPort}/api/messages`, { method: 'POST' }).then(
      (r) => r.status,
      (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? 'error',
    );
    expect(outcome).toBe('ECONNREFUSED');
  });
});
