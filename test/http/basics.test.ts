// The conversation basics as a user sees them on POST /api/ask (a real server on loopback):
// small talk, the way to a person, numbered replies, feedback (and what the turn log and the
// report make of it), personal numbers, English, and small talk that must not break a dialog.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { formatCsv, formatText } from '../../src/report/reportFormat.js';
import { buildReport } from '../../src/report/turnReport.js';
import { createServer } from '../../src/server.js';
import { MemoryTurnLog } from '../../src/storage/turnLog/turnLog.js';
import { listenOnLoopback } from '../helpers/http.js';

const NOW = new Date('2026-11-25T04:00:00Z');
let assistant: App;
let app: FastifyInstance;
let base: string;
const turnLog = new MemoryTurnLog();
let users = 0;
const newUser = () => `basics-user-${++users}`;

interface Ask {
  replies: string[];
  fallback: boolean;
  intent: string;
  suggestions: string[];
  feedback?: { rating: string; intent: string };
}

beforeAll(async () => {
  assistant = createMemoryApp({
    clock: () => NOW,
    turnLog: { store: turnLog, salt: 'basics-salt-0123456789' },
  });
  app = createServer(assistant, loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test' }));
  base = `http://127.0.0.1:${await listenOnLoopback(app)}`;
});

afterAll(async () => {
  await app?.close();
});

async function ask(user: string, text: string): Promise<Ask & { text: string }> {
  const res = await fetch(`${base}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, text }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as Ask;
  return { ...body, text: body.replies.join('\n') };
}

/** [user says, reply contains, reply lacks] for one fresh user each. */
const SMALL_TALK: Array<[string, string, string]> = [
  ['你好', '您好', '抱歉，这个问题我暂时回答不了'],
  ['您好', '您好', '抱歉'],
  ['在吗', '我在的', '抱歉'],
  ['在不在', '我在的', '抱歉'],
  ['谢谢', '不客气', '抱歉'],
  ['多謝你', '不客氣', '抱歉'],
  ['好的', '还有其他问题随时问我', '抱歉'],
  ['嗯', '还有其他问题随时问我', '抱歉'],
  ['再见', '再见', '抱歉'],
  ['辛苦了', '不辛苦', '抱歉'],
];

describe('small talk', () => {
  it.each(SMALL_TALK)('“%s” gets a short friendly reply, not a fallback', async (say, contains, lacks) => {
    const r = await ask(newUser(), say);
    expect(r.text).toContain(contains);
    expect(r.text).not.toContain(lacks);
    expect(r.fallback).toBe(false);
    expect(r.intent).toMatch(/^smalltalk:/);
  });

  it('small talk is logged as answered: the report does not list it as unanswered', async () => {
    const user = newUser();
    for (const say of ['你好', '谢谢', '再见']) await ask(user, say);
    const records = await turnLog.list(0, Number.MAX_SAFE_INTEGER);
    const mine = records.filter((r) => ['你好', '谢谢', '再见'].includes(r.question));
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(mine.every((r) => !r.fallback)).toBe(true);
    const report = buildReport(records, { limit: 50, lowConfidence: 0.55 });
    expect(report.unanswered.map((q) => q.question)).not.toContain('你好');
    expect(report.lowConfidence.map((q) => q.question)).not.toContain('你好');
  });

  it('a greeting offers example questions, and "1" picks the first', async () => {
    const user = newUser();
    const hello = await ask(user, '你好');
    expect(hello.suggestions).toEqual(assistant.knowledge.messages.starters);
    const one = await ask(user, '1');
    expect(one.fallback).toBe(false);
    expect(one.text).toContain('来源：');
  });

  it('small talk plus a real question answers the question', async () => {
    const r = await ask(newUser(), '你好，江门台山备案电话多少');
    expect(r.text).toContain('5513895');
    expect(r.intent).toBe('jm-phones');
  });

  it('"好的" in the middle of a dialog is an answer to its prompt, not small talk', async () => {
    const user = newUser();
    const start = await ask(user, '我是邢台参保的，我属于哪一类备案');
    expect(start.intent).toMatch(/^dialog:/);
    const next = await ask(user, '好的');
    expect(next.text).not.toContain(assistant.knowledge.messages.basics.ack);
    expect(next.intent).toMatch(/^dialog:/);
  });
});

describe('the way to a person', () => {
  it.each(['转人工', '人工客服', '能不能给我找个真人', '有没有电话可以打', '我要投诉'])(
    '“%s” → 12333',
    async (say) => {
      const r = await ask(newUser(), say);
      expect(r.text).toContain('12333');
      expect(r.intent).toBe('human');
      expect(r.fallback).toBe(false);
    },
  );

  it('with the insured place known: its phone numbers, hours, and a case summary to read out', async () => {
    const user = newUser();
    await ask(user, '我是江门新会的，异地就医备案要什么材料');
    const r = await ask(user, '转人工');
    expect(r.text).toContain('12333');
    expect(r.text).toContain('新会区：备案电话 6102028，咨询电话 6616737');
    expect(r.text).toContain('服务时间：工作日');
    expect(r.text).toContain('您可以这样告诉工作人员：参保地 江门市新会区');
  });

  it('the case summary never repeats a personal number', async () => {
    const user = newUser();
    await ask(user, '我是江门台山的，电话13800138000，住院了没备案怎么办');
    const r = await ask(user, '人工客服');
    expect(r.text).toContain('台山市');
    expect(r.text).not.toContain('13800138000');
  });
});

describe('numbered replies', () => {
  it.each(['1', '１', '回复1', '回复 1', '1.', '第一个', '第1个'])(
    '“%s” after an answer picks its first follow-up',
    async (say) => {
      const user = newUser();
      const first = await ask(user, '江门 台山 咨询电话');
      const picked = await ask(user, say);
      expect(picked.fallback).toBe(false);
      expect(picked.text).not.toBe(first.text);
      expect(picked.text).toContain('来源：');
    },
  );

  it('a number beyond the list: "请回复 1–3 中的数字" and the list again', async () => {
    const user = newUser();
    const first = await ask(user, '江门 台山 咨询电话');
    const r = await ask(user, '7');
    expect(r.text).toContain(`请回复 1–${first.suggestions.length} 中的数字`);
    expect(r.text).toContain(`1. ${first.suggestions[0]}`);
  });
});

describe('numbered choices in a dialog', () => {
  it('"9" among 8 choices: "请回复 1–8 中的数字" with the list; then "2" is taken', async () => {
    const user = newUser();
    const asked = await ask(user, '我是邢台参保的，我属于哪一类备案');
    const choices = asked.suggestions;
    expect(choices.length).toBe(8);
    const again = await ask(user, '9');
    expect(again.text).toContain('请回复 1–8 中的数字');
    expect(again.text).toContain(`8. ${choices[7]}`);
    expect(again.text).not.toContain('没太明白');
    const taken = await ask(user, '第2个');
    expect(taken.text).not.toContain('请回复 1–8');
    expect(taken.intent).toBe('dialog:eligibility');
  });
});

describe('feedback', () => {
  it('"没用" after an answer is acknowledged with 12333, logged with the answer\'s intent, and reported first', async () => {
    const user = newUser();
    const answered = await ask(user, '江门 台山 咨询电话');
    const r = await ask(user, '没用');
    expect(r.text).toContain('抱歉没帮上忙');
    expect(r.text).toContain('12333');
    expect(r.feedback).toEqual({ rating: 'unhelpful', intent: answered.intent });
    const records = await turnLog.list(0, Number.MAX_SAFE_INTEGER);
    const logged = records.filter((x) => x.feedback === 'unhelpful');
    expect(logged.at(-1)).toMatchObject({ intent: answered.intent, question: '没用', fallback: false });

    const report = buildReport(records, { limit: 10, lowConfidence: 0.55 });
    expect(report.feedback[0]).toMatchObject({ intent: answered.intent, questions: ['江门 台山 咨询电话'] });
    const text = formatText(
      report,
      { since: 0, until: NOW.getTime(), source: 'test' },
      { limit: 10, lowConfidence: 0.55 },
    );
    expect(text.indexOf('没用 / 不对')).toBeLessThan(text.indexOf('未能回答的问题'));
    expect(text).toContain(answered.intent);
    expect(formatCsv(report).split('\n')[1]).toMatch(/^unhelpful_feedback,1,/);
    // Feedback is not an unanswered question.
    expect(report.unanswered.map((q) => q.question)).not.toContain('没用');
  });

  it.each(['不对', '答非所问'])('“%s” is negative feedback too', async (say) => {
    const user = newUser();
    await ask(user, '异地就医备案怎么办');
    const r = await ask(user, say);
    expect(r.feedback?.rating).toBe('unhelpful');
  });

  it('"有用" is thanked', async () => {
    const user = newUser();
    await ask(user, '异地就医备案怎么办');
    const r = await ask(user, '有用');
    expect(r.text).toContain('谢谢您的反馈');
    expect(r.feedback?.rating).toBe('helpful');
  });
});

describe('personal numbers', () => {
  it("asking to look up one's own filing: a reminder, we cannot see records, where to check", async () => {
    const r = await ask(newUser(), '我身份证号110101199001011234，帮我查下备案成功没');
    expect(r.text).toContain('请不要在这里发送身份证号');
    expect(r.text).toContain('我看不到个人的备案记录');
    expect(r.text).toContain('国家医保服务平台APP');
    expect(r.text).toContain('备案记录');
    expect(r.text).not.toContain('110101199001011234');
  });

  it('a number with a real question: the reminder, then the answer', async () => {
    const r = await ask(newUser(), '我电话13800138000，异地就医备案怎么办');
    expect(r.text).toContain('请不要在这里发送身份证号');
    expect(r.text).toContain('来源：');
    expect(r.text).not.toContain('13800138000');
  });
});

describe('other languages', () => {
  it('English gets one bilingual line with a Chinese example question', async () => {
    const r = await ask(newUser(), 'Hello, how do I register for medical treatment in another province?');
    expect(r.replies).toHaveLength(1);
    expect(r.text).toContain('中文');
    expect(r.text).toContain('Chinese');
    expect(r.text).toContain(assistant.knowledge.messages.starters[0]);
  });
});
