// One WeChat text out of a turn's messages: merged, numbered follow-ups, within 2048 bytes
// and never cut inside a character.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Reply, ReplyMeta } from '../../src/answers/reply.js';
import { cutToBytes, fitBytes, MAX_REPLY_BYTES, renderTurn } from '../../src/channels/wechat/render.js';
import { toActivity } from '../../src/conversation/replies.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import type { Messages } from '../../src/knowledge/types.js';
import { type ToTraditional, traditionalConverter } from '../../src/text/traditional.js';

let messages: Messages;
let toTraditional: ToTraditional;
beforeAll(() => {
  messages = loadKnowledge(defaultKnowledgeDir).messages;
  // Character tables only (no phrase corpus): the headings are converted character by character.
  toTraditional = traditionalConverter('');
});

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const reply = (text: string, meta: Partial<ReplyMeta> = {}): Reply => ({
  text,
  meta: {
    kind: 'answer',
    intent: 'x',
    confidence: 1,
    fallback: false,
    sources: [],
    suggestions: [],
    ...meta,
  },
});

describe('renderTurn', () => {
  it('an answer: its text, then the follow-ups as "回复 n 查看：…"', () => {
    const text = renderTurn(
      [toActivity(reply('答案。', { suggestions: ['问题一？', '问题二？'] }))],
      messages,
      toTraditional,
    );
    expect(text).toBe(`答案。\n\n${messages.relatedHeader}\n回复 1 查看：问题一？\n回复 2 查看：问题二？`);
  });

  it("all messages of a turn are merged; only the last one's follow-ups are offered", () => {
    const text = renderTurn(
      [
        toActivity(reply('第一个答案。', { suggestions: ['甲？'] })),
        toActivity(reply('第二个答案。', { suggestions: ['乙？'] })),
      ],
      messages,
      toTraditional,
    );
    expect(text).toBe(`第一个答案。\n\n第二个答案。\n\n${messages.relatedHeader}\n回复 1 查看：乙？`);
  });

  it('a did-you-mean and a dialog question already number their choices: nothing is added', () => {
    const clarify = reply('您是想问：\n1. 甲？\n2. 乙？', { kind: 'clarify', suggestions: ['甲？', '乙？'] });
    expect(renderTurn([toActivity(clarify)], messages, toTraditional)).toBe(clarify.text);
    const dialog = reply('请问是哪种情况？回复序号即可：\n1. 退休', {
      kind: 'dialog',
      suggestions: ['退休'],
    });
    expect(renderTurn([toActivity(dialog)], messages, toTraditional)).toBe(dialog.text);
  });

  it('a welcome numbers its example questions (the bot remembers them, so "1" picks one)', () => {
    const text = renderTurn(
      [toActivity(reply('您好！', { kind: 'welcome', suggestions: ['甲？'] }))],
      messages,
      toTraditional,
    );
    expect(text).toBe(`您好！\n\n${messages.wechatExamplesHeader}\n回复 1 查看：甲？`);
  });

  it('a fallback lists example questions, unnumbered (a number would pick nothing)', () => {
    const text = renderTurn(
      [toActivity(reply('抱歉。', { kind: 'fallback', suggestions: ['甲？'] }))],
      messages,
      toTraditional,
    );
    expect(text).toBe(`抱歉。\n\n${messages.wechatExamplesHeader}\n· 甲？`);
  });

  it('a Traditional turn gets Traditional headings', () => {
    const text = renderTurn(
      [toActivity(reply('答案。', { suggestions: ['问题？'] }), toTraditional)],
      messages,
      toTraditional,
    );
    expect(text).toContain('回復 1 查看：問題？');
  });

  it('no message at all → empty (WeChat gets "success")', () => {
    expect(renderTurn([{ type: 'typing' }], messages, toTraditional)).toBe('');
  });
});

describe('the 2048-byte limit', () => {
  it('a long answer is cut before 2048 bytes with the note, keeping the follow-ups', () => {
    const long = '异地就医备案'.repeat(200);
    const text = renderTurn(
      [toActivity(reply(long, { suggestions: ['问题一？'] }))],
      messages,
      toTraditional,
    );
    expect(bytes(text)).toBeLessThanOrEqual(MAX_REPLY_BYTES);
    expect(bytes(text)).toBeGreaterThan(MAX_REPLY_BYTES - 3);
    expect(text).toContain(`${messages.wechatTruncated}\n\n${messages.relatedHeader}\n回复 1 查看：问题一？`);
    expect(long.startsWith(text.split(messages.wechatTruncated ?? '')[0] ?? '')).toBe(true);
  });

  it('exactly 2048 bytes is not cut', () => {
    const exact = `${'备'.repeat(682)}ab`;
    expect(bytes(exact)).toBe(2048);
    expect(fitBytes(exact, '', '…', 2048)).toBe(exact);
    expect(fitBytes(`${exact}c`, '', '…', 2048)).toBe(`${'备'.repeat(681)}…`);
  });

  it('never cuts inside a character or a grapheme (surrogate pairs, emoji sequences)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 0, max: 600 }),
        (text, budget) => {
          const cut = cutToBytes(text, budget);
          expect(bytes(cut)).toBeLessThanOrEqual(budget);
          expect(text.startsWith(cut)).toBe(true);
          expect(cut.isWellFormed()).toBe(true);
          const graphemes = [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(text)];
          // A whole number of graphemes, and the next one would not have fitted.
          const count = [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(cut)].length;
          expect(
            graphemes
              .slice(0, count)
              .map((g) => g.segment)
              .join(''),
          ).toBe(cut);
          const next = graphemes[count]?.segment;
          if (next !== undefined) expect(bytes(cut) + bytes(next)).toBeGreaterThan(budget);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any body and options fit: never over the limit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 1500 }),
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        (body, options) => {
          const text = fitBytes(body, options, messages.wechatTruncated ?? '…', MAX_REPLY_BYTES);
          expect(bytes(text)).toBeLessThanOrEqual(MAX_REPLY_BYTES);
          expect(text.isWellFormed()).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
