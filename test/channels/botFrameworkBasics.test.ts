// The conversation basics over POST /api/messages (botbuilder's CloudAdapter on the loopback
// development listener, a loopback Bot Connector recording the replies): feedback buttons
// under answers only, 👍 / 👎 reactions as feedback in the turn log, the human route as a card
// with a call button, and reactions we cannot read answered with silence, never a 500.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createBotFrameworkDevServer } from '../../src/server.js';
import { MemoryTurnLog } from '../../src/storage/turnLog/turnLog.js';
import { type BotConnector, startBotConnector } from '../helpers/botConnector.js';
import { listenOnLoopback } from '../helpers/http.js';
import { DIALOG_NOW } from '../helpers/transcript.js';

const BOT = { id: 'yidi-bot-id', name: '异地就医备案助手', role: 'bot' };
let connector: BotConnector;
let assistant: App;
let server: FastifyInstance | undefined;
let url: string;
const turnLog = new MemoryTurnLog();
let conversations = 0;
let ids = 0;
const newConversation = () => `basics-${process.pid}-${++conversations}|livechat`;

beforeAll(async () => {
  connector = await startBotConnector();
  assistant = createMemoryApp({
    clock: () => DIALOG_NOW,
    turnLog: { store: turnLog, salt: 'bf-basics-salt-0123456' },
  });
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', BOT_FRAMEWORK_ENDPOINT: 'on' });
  server = createBotFrameworkDevServer(assistant, config);
  if (!server) throw new Error('no development listener');
  url = `http://127.0.0.1:${await listenOnLoopback(server)}/api/messages`;
});

afterAll(async () => {
  await server?.close();
  await connector?.close();
});

function activity(conversationId: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'message',
    id: `in-${++ids}`,
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

/** Posts the activity; returns the status and the activities the bot posted back for it. */
async function send(conversationId: string, fields: Record<string, unknown>) {
  const before = connector.repliesTo(conversationId).length;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity(conversationId, fields)),
  });
  return {
    status: res.status,
    replies: connector
      .repliesTo(conversationId)
      .slice(before)
      .map((c) => c.activity),
  };
}

const buttons = (a: Record<string, unknown> | undefined) =>
  ((a?.suggestedActions as { actions?: Array<{ value?: unknown }> } | undefined)?.actions ?? []).map(
    (x) => x.value,
  );

describe('Bot Framework basics', () => {
  it('an FAQ answer carries 有用 / 没用 buttons; a dialog prompt does not', async () => {
    const conversation = newConversation();
    const answer = await send(conversation, { text: '江门 台山 咨询电话' });
    expect(buttons(answer.replies.at(-1))).toEqual(expect.arrayContaining(['有用', '没用']));
    const prompt = await send(newConversation(), { text: '我是邢台参保的，我属于哪一类备案' });
    expect(prompt.replies.length).toBeGreaterThan(0);
    for (const r of prompt.replies) expect(buttons(r)).not.toContain('没用');
  });

  it("a 👎 reaction is feedback: apology with 12333, logged with the answer's intent", async () => {
    const conversation = newConversation();
    await send(conversation, { text: '江门 台山 咨询电话' });
    const { status, replies } = await send(conversation, {
      type: 'messageReaction',
      reactionsAdded: [{ type: 'dislike' }],
    });
    expect(status).toBe(200);
    expect(replies.map((r) => r.text).join('\n')).toContain('抱歉没帮上忙');
    const records = await turnLog.list(0, Number.MAX_SAFE_INTEGER);
    expect(records.at(-1)).toMatchObject({
      feedback: 'unhelpful',
      intent: 'jm-phones',
      question: '[reaction: dislike]',
    });
  });

  it('a 👍 reaction is thanked', async () => {
    const conversation = newConversation();
    await send(conversation, { text: '异地就医备案怎么办' });
    const { replies } = await send(conversation, {
      type: 'messageReaction',
      reactionsAdded: [{ type: 'like' }],
    });
    expect(replies.map((r) => r.text).join('\n')).toContain('谢谢您的反馈');
  });

  it('unknown, removed or oversized reactions: no reply, no log record, never a 500', async () => {
    const conversation = newConversation();
    await send(conversation, { text: '异地就医备案怎么办' });
    const before = (await turnLog.list(0, Number.MAX_SAFE_INTEGER)).length;
    const cases = [
      { reactionsAdded: [{ type: 'confetti' }] },
      { reactionsRemoved: [{ type: 'like' }] },
      { reactionsAdded: Array.from({ length: 2000 }, () => ({ type: 'x'.repeat(200) })) },
      { reactionsAdded: 'not-a-list' },
    ];
    for (const fields of cases) {
      const { status, replies } = await send(conversation, { type: 'messageReaction', ...fields });
      expect(status).toBeLessThan(500);
      expect(replies, JSON.stringify(fields).slice(0, 80) + JSON.stringify(replies).slice(0, 300)).toEqual(
        [],
      );
    }
    expect(await turnLog.list(0, Number.MAX_SAFE_INTEGER)).toHaveLength(before);
  });

  it('"转人工" → 12333 with a card whose button calls it', async () => {
    const { replies } = await send(newConversation(), { text: '转人工' });
    const reply = replies.at(-1) as {
      text?: string;
      attachments?: Array<{ contentType: string; content: { buttons: unknown[] } }>;
    };
    expect(reply.text).toContain('12333');
    expect(reply.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.hero');
    expect(reply.attachments?.[0]?.content.buttons).toEqual([
      expect.objectContaining({ type: 'openUrl', value: 'tel:12333', title: '拨打 12333' }),
    ]);
  });
});
