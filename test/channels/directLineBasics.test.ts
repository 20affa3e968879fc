// The conversation basics in Web Chat's own protocol (self-hosted Direct Line 3.0, driven by
// Microsoft's botframework-directlinejs against a real server on loopback): the welcome's
// example questions picked by number, 有用 / 没用 under answers and what a click on 没用 gets,
// the human route's call card, and a reaction activity refused with a clear 4xx.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { NodeWebSocket, type ReceivedActivity, TestClient } from '../helpers/directLineClient.js';
import { listenOnLoopback } from '../helpers/http.js';
import { DIALOG_NOW } from '../helpers/transcript.js';

let assistant: App;
let app: FastifyInstance;
let base: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  assistant = createMemoryApp({ clock: () => DIALOG_NOW });
  app = createServer(
    assistant,
    loadConfig({
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      DIRECTLINE_SECRET: 'test-directline-secret-0123456789abcdef',
      DIRECTLINE_TOKENS_PER_IP_PER_MIN: '0',
    }),
  );
  base = `http://127.0.0.1:${await listenOnLoopback(app)}`;
});

afterEach(() => {
  for (const c of clients.splice(0)) c.end();
});

afterAll(async () => {
  await app?.close();
});

async function connect(): Promise<{ c: TestClient; token: string; conversationId: string }> {
  const res = await fetch(`${base}/api/webchat/token`, { method: 'POST' });
  expect(res.status).toBe(200);
  const { token, conversationId } = (await res.json()) as { token: string; conversationId: string };
  const c = new TestClient({
    token,
    domain: `${base}/v3/directline`,
    webSocket: NodeWebSocket !== undefined,
  });
  clients.push(c);
  return { c, token, conversationId };
}

const buttons = (a: ReceivedActivity | undefined) => (a?.suggestedActions?.actions ?? []).map((x) => x.value);

describe('Web Chat basics', () => {
  it('the welcome offers the example questions; "1" picks the first', async () => {
    const { c } = await connect();
    const [welcome] = await c.repliesTo(await c.post({ type: 'event', name: 'webchat/join' }));
    expect(buttons(welcome)).toEqual(assistant.knowledge.messages.starters);
    const picked = await c.answerTo(await c.say('1'), '来源：');
    expect(picked).toContain('备案');
  });

  it('an answer shows 有用 / 没用; clicking 没用 gets an apology with 12333 and no feedback buttons', async () => {
    const { c } = await connect();
    const [answer] = await c.repliesTo(await c.say('江门 台山 咨询电话'));
    expect(buttons(answer).slice(-2)).toEqual(['有用', '没用']);
    const [sorry] = await c.repliesTo(await c.say('没用'));
    expect(sorry?.text).toContain('抱歉没帮上忙');
    expect(sorry?.text).toContain('12333');
    expect(buttons(sorry)).toEqual([]);
  });

  it('"人工客服" → 12333 and a card whose button calls it', async () => {
    const { c } = await connect();
    const [human] = await c.repliesTo(await c.say('人工客服'));
    expect(human?.text).toContain('12333');
    const card = (
      human as unknown as { attachments?: Array<{ content: { buttons: Array<{ value: string }> } }> }
    ).attachments?.[0];
    expect(card?.content.buttons.map((b) => b.value)).toEqual(['tel:12333']);
  });

  it('a messageReaction activity is refused with a bilingual 400, not a 500', async () => {
    const { token, conversationId } = await connect();
    const res = await fetch(`${base}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'messageReaction',
        from: { id: 'someone' },
        reactionsAdded: Array.from({ length: 500 }, () => ({ type: 'dislike' })),
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/\p{Script=Han}/u);
    expect(body.error).toMatch(/[A-Za-z]{4,}/);
  });
});
