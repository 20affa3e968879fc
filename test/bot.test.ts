import { type Activity, TestAdapter } from 'botbuilder-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../src/app.js';
import { MAX_TEXT_LENGTH } from '../src/conversation/bot.js';
import { META_KEY } from '../src/conversation/replies.js';
import { type AskResult, metaOf } from '../src/conversation/turn.js';
import { isTraditional, toSimplified } from '../src/text/normalize.js';
import { type KnowledgeCopy, similarEntriesKnowledge } from './helpers/knowledgeCopy.js';

const NOW = new Date('2026-11-25T04:00:00Z');

let assistant: App;
/** Knowledge with two deliberately similar entries (for a did-you-mean). */
let fixture: KnowledgeCopy;
let similar: App;
let userCount = 0;
const newUser = () => `bot-user-${++userCount}`;

/** A fresh conversation: every test talks to the assistant as a new user. */
function conversation(channel = 'test', user = newUser()) {
  return (text: string): Promise<AskResult> => assistant.conversations.ask({ channel, user }, text);
}

/** The raw activities the bot sends for one message (what a channel renders). */
function activities(text: string, user = newUser()): Promise<Partial<Activity>[]> {
  return assistant.conversations.message({ channel: 'test', user }, text);
}

beforeAll(() => {
  assistant = createMemoryApp({ clock: () => NOW });
  fixture = similarEntriesKnowledge();
  similar = createMemoryApp({ knowledgeDir: fixture.dir, clock: () => NOW });
});

afterAll(() => fixture?.remove());

describe('Traditional Chinese', () => {
  it('a Traditional question gets a Traditional answer', async () => {
    const r = await conversation()('江門台山市的異地就醫備案電話是多少');
    expect(r.fallback).toBe(false);
    expect(r.intent).toBe('jm-phones');
    const text = r.replies[0] as string;
    expect(isTraditional(text)).toBe(true);
    expect(text).toContain('備案電話 5513895');
    expect(text).toContain('來源：《');
    expect(text).not.toContain('电话');
    for (const s of r.suggestions) expect(isTraditional(s)).toBe(true);
  });

  it('a Simplified question gets a Simplified answer', async () => {
    const r = await conversation()('江门台山市的异地就医备案电话是多少');
    expect(r.replies[0]).toContain('备案电话 5513895');
    expect(r.replies[0]).not.toContain('電話');
  });

  it('the activity says which script it is in and carries the suggestions as buttons', async () => {
    const [tw] = await activities('江門台山市的異地就醫備案電話是多少');
    expect(tw?.locale).toBe('zh-TW');
    const meta = tw ? metaOf(tw) : undefined;
    expect(meta?.suggestions.length).toBeGreaterThan(0);
    // The follow-up questions, then the feedback buttons (under FAQ answers only).
    expect(tw?.suggestedActions?.actions.map((a) => a.value)).toEqual([
      ...(meta?.suggestions ?? []),
      '有用',
      '沒用',
    ]);
    const [cn] = await activities('江门台山市的异地就医备案电话是多少');
    expect(cn?.locale).toBe('zh-CN');
  });

  it('a Traditional did-you-mean, answered with "第一個", stays Traditional', async () => {
    const user = newUser();
    const say = (text: string) => similar.conversations.ask({ channel: 'test', user }, text);
    const ask = await say('社保卡有變化，備案還有效嗎');
    expect(ask.intent).toBe('clarify');
    expect(ask.replies[0]).toContain('您是想問');
    const one = await say('第一個');
    expect(one.fallback).toBe(false);
    expect(similar.knowledge.entryById.get(one.intent)?.question).toBe(
      toSimplified(ask.suggestions[0] as string),
    );
    expect(isTraditional(one.replies[0] as string)).toBe(true);
  });
});

describe('polite system replies', () => {
  it.each([
    ['an empty message', ''],
    ['spaces only', '   '],
    ['full-width spaces, tabs and newlines', '\u3000\t\n '],
    ['emoji only', '😀👍'],
    ['control characters only', '\u0000\u0007'],
  ])('%s → asked to type a question', async (_name, text) => {
    const r = await conversation()(text);
    expect(r.replies).toEqual([assistant.knowledge.messages.emptyInput]);
    expect(r.intent).toBe('emptyInput');
    expect(r.fallback).toBe(true);
    expect(r.suggestions).toEqual([]);
  });

  it('a message without any text (an attachment) gets the same reply', async () => {
    const replies = await assistant.conversations.message({ channel: 'test', user: newUser() }, undefined);
    expect(replies.map((a) => a.text)).toEqual([assistant.knowledge.messages.emptyInput]);
  });

  it('a 600-character message is asked to be shortened', async () => {
    const r = await conversation()(`异地就医备案${'怎么办'.repeat(198)}`);
    expect(r.replies).toEqual([assistant.knowledge.messages.tooLong]);
    expect(r.intent).toBe('tooLong');
    expect(r.fallback).toBe(true);
  });

  it(`exactly ${MAX_TEXT_LENGTH} characters are still answered`, async () => {
    const text = '江门异地就医备案电话'.padEnd(MAX_TEXT_LENGTH, '。');
    expect(Array.from(text)).toHaveLength(MAX_TEXT_LENGTH);
    const r = await conversation()(text);
    expect(r.intent).not.toBe('tooLong');
    expect(r.replies[0]).toContain('6102028');
  });

  it('length is counted in characters, not UTF-16 units (300 supplementary-plane characters are not too long)', async () => {
    const r = await conversation()('𠀀'.repeat(300));
    expect(r.intent).not.toBe('tooLong');
  });

  it('a too-long Traditional message is answered in Traditional', async () => {
    const r = await conversation()('醫'.repeat(600));
    expect(r.intent).toBe('tooLong');
    expect(isTraditional(r.replies[0] as string)).toBe(true);
  });

  it('after a system reply the conversation goes on normally', async () => {
    const say = conversation();
    await say('   ');
    await say('x'.repeat(600));
    const r = await say('江门 台山 咨询电话');
    expect(r.intent).toBe('jm-phones');
    expect(r.fallback).toBe(false);
  });
});

describe('welcome', () => {
  it('a user joining the conversation is welcomed with starter questions', async () => {
    const user = newUser();
    const replies = await assistant.conversations.join({ channel: 'test', user });
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toBe(assistant.knowledge.messages.welcome);
    const meta = replies[0] ? metaOf(replies[0]) : undefined;
    expect(meta?.kind).toBe('welcome');
    expect(meta?.fallback).toBe(false);
    expect(meta?.suggestions.length).toBeGreaterThan(0);
  });

  it('the bot itself joining is not welcomed', async () => {
    // A Bot Framework channel (the Emulator) announces the bot itself as a new member.
    const adapter = new TestAdapter(async (context) => assistant.conversations.external(context));
    await adapter.processActivity({
      type: 'conversationUpdate',
      membersAdded: [{ id: adapter.template.recipient?.id ?? 'bot', name: 'bot' }],
    });
    const replies = adapter.activeQueue;
    expect(replies).toEqual([]);
  });
});

describe('every reply carries its metadata', () => {
  it.each([['江门 台山 咨询电话'], ['给我讲个笑话'], ['   ']])('%s', async (text) => {
    const sent = await activities(text);
    expect(sent.length).toBeGreaterThan(0);
    for (const a of sent) {
      expect(a.type).toBe('message');
      const meta = (a.channelData as Record<string, unknown>)[META_KEY];
      expect(meta).toMatchObject({
        kind: expect.any(String),
        intent: expect.any(String),
        confidence: expect.any(Number),
        fallback: expect.any(Boolean),
        sources: expect.any(Array),
        suggestions: expect.any(Array),
      });
    }
  });
});

describe("two users do not see each other's state", () => {
  it('one user\'s did-you-mean is not answered by another user\'s "1"', async () => {
    const alice = conversation();
    const bob = conversation();
    const ask = await alice('江门 台山 咨询电话');
    expect(ask.suggestions.length).toBeGreaterThan(0);
    const bobsOne = await bob('1');
    expect(bobsOne.fallback).toBe(true);
    const alicesOne = await alice('1');
    expect(alicesOne.fallback).toBe(false);
    expect(assistant.knowledge.entryById.get(alicesOne.intent)?.question).toBe(ask.suggestions[0]);
  });

  it('"新会呢" only continues the asker\'s own phone question', async () => {
    const alice = conversation();
    const bob = conversation();
    await alice('江门异地就医备案电话');
    const bobs = await bob('新会呢');
    expect(bobs.replies.join('\n')).not.toContain('6102028');
    const alices = await alice('新会呢');
    expect(alices.replies[0]).toContain('6102028');
  });

  it('facts told by one user do not reach another', async () => {
    const alice = conversation();
    const bob = conversation();
    await alice('我是江门开平参保的');
    const bobs = await bob('江门异地就医备案电话');
    // Bob named no district: he gets the whole table, not Alice's 开平 row only.
    expect(bobs.replies[0]).toContain('6102028');
    expect(bobs.replies[0]).toContain('2256983');
  });

  it('the same user id on two channels is two conversations', async () => {
    const user = newUser();
    const web = conversation('webchat', user);
    const api = conversation('api', user);
    const ask = await web('江门 台山 咨询电话');
    expect(ask.suggestions.length).toBeGreaterThan(0);
    expect((await api('1')).fallback).toBe(true);
    expect((await web('1')).fallback).toBe(false);
  });

  it('many users at once each get their own answer', async () => {
    const districts = [
      ['台山', '5513895'],
      ['开平', '2256983'],
      ['鹤山', '8933166'],
      ['恩平', '7812180'],
      ['蓬江', '3272917'],
      ['江海', '3814691'],
    ] as const;
    const results = await Promise.all(
      districts.map(async ([name]) => {
        const say = conversation();
        await say('江门异地就医备案电话');
        return say(`${name}呢`);
      }),
    );
    results.forEach((r, i) => {
      const [, number] = districts[i] as (typeof districts)[number];
      expect(r.replies[0]).toContain(number);
      for (const [, other] of districts) if (other !== number) expect(r.replies[0]).not.toContain(other);
    });
  });
});
