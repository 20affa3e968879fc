// Dialog manners (issue 10): no identical long answer on consecutive turns, no question for a
// fact already given, and every example question the bot itself suggests gets an answer.
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { DIALOG_NOW, freshUser, type Step, transcript } from '../helpers/transcript.js';

let assistant: App;
beforeAll(() => {
  assistant = createMemoryApp({ clock: () => DIALOG_NOW });
});
const talk = async (steps: readonly Step[]): Promise<void> => {
  await transcript(assistant, steps);
};

const ASK_DISCHARGE = '现在还在住院，还是已经出院了？';
const ASK_ADMISSION = '请问是哪天住院的？';

describe('a long answer is not repeated word for word on the next turn', () => {
  it('the same question twice: the second time a short pointer, then the answer again later', async () => {
    const pointer = assistant.knowledge.messages.repeated;
    const [first, second, , fourth] = await transcript(assistant, [
      ['异地就医备案怎么办？', '网上和线下都能办', pointer],
      ['异地就医备案怎么办？', pointer, '网上和线下都能办'],
      ['江门备案电话', '江门'],
      ['异地就医备案怎么办？', '网上和线下都能办', pointer],
    ]);
    // The pointer keeps the answer's follow-up suggestions, so "1" still picks one.
    expect(second?.suggestions).toEqual(first?.suggestions);
    expect(second?.fallback).toBe(false);
    expect(fourth?.replies.join('')).not.toContain(pointer);
  });

  it('a dialog question asked again after an FAQ answer in between is not a repeat', () =>
    talk([
      ['我是杭州医保 在成都住院第3天 没备案', '还来得及'],
      ['能直接结算吗 咋备按', '请问是哪种情况？'],
      [
        '办完了怎么查办成功没',
        ['备案记录', '我们继续', '请问是哪种情况？'],
        assistant.knowledge.messages.repeated,
      ],
    ]));

  it('asked a third time in a row, the answer goes out in full again', () =>
    talk([
      ['异地就医备案怎么办？', '网上和线下都能办'],
      ['异地就医备案怎么办？', '请往上看', '网上和线下都能办'],
      ['异地就医备案怎么办？', '网上和线下都能办', '请往上看'],
    ]));

  it('Traditional writers get the pointer in Traditional', async () => {
    const [, second] = await transcript(assistant, [
      ['異地就醫備案怎麼辦？', '網上和線下都能辦'],
      ['異地就醫備案怎麼辦？', '請往上看'],
    ]);
    expect(second?.replies.join('')).not.toContain('網上和線下都能辦');
  });
});

describe('a stage or stay already stated is not asked again', () => {
  it('“我现在在北京住院” then the late-filing question: the admission day, not 还在住院吗', () =>
    talk([
      ['我现在在北京住院，没来得及备案，还能补吗', '请问您（或家人）是在哪里参保的？', ASK_DISCHARGE],
      ['江门新会', ASK_ADMISSION, ASK_DISCHARGE],
      ['前天', '还来得及', ASK_DISCHARGE],
    ]));

  it('the stay said in an earlier message of the case counts', () =>
    talk([
      ['我是邢台医保', '参保地 邢台市'],
      ['我现在在北京住院', '邢台', ASK_DISCHARGE],
      ['没备案能补吗', ASK_ADMISSION, ASK_DISCHARGE],
    ]));

  it('“还没出院” said first, the insured place and the question later', () =>
    talk([
      ['我爸在广州住院了，还没出院', '还在住院', ASK_DISCHARGE],
      ['江门医保', '江门', ASK_DISCHARGE],
      ['没备案怎么补', ASK_ADMISSION, ASK_DISCHARGE],
    ]));
});

/** Every string of a knowledge block with its path. */
function strings(value: unknown, path: string, out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) strings(v, `${path}[${i}]`, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
  return out;
}

/** Quoted questions after 问我 / 例如 / 如 / 可以这样问: “…” (several in a row count). */
function examples(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:问我|例如|可以这样问|如)[：:]?\s*((?:[“'"][^”'"]+[”'"][、和或]?)+)/g))
    for (const q of (m[1] ?? '').matchAll(/[“'"]([^”'"]+)[”'"]/g)) if (q[1]) found.push(q[1]);
  return found;
}

describe('every example question the bot suggests gets what it promises', () => {
  // Answers to a dialog's own question (“11月20日”“前天”) are not questions to ask afresh.
  const slotAnswer = /\.(?:ask\w+|retry|invalidDate)$/;
  const quoted = (): Array<[string, string]> => {
    const k = assistant.knowledge;
    const texts = [
      ...strings(k.messages, 'messages'),
      ...strings(k.dialogTexts, 'dialogs'),
      ...strings(k.basics, 'basics'),
    ].filter(([path]) => !slotAnswer.test(path));
    return texts.flatMap(([path, text]) => examples(text).map((q): [string, string] => [path, q]));
  };

  it('finds the examples (问我“江门备案电话”, 例如“异地就医备案怎么办”)', () => {
    const qs = quoted().map(([, q]) => q);
    expect(qs).toContain('江门备案电话');
    expect(qs).toContain('异地就医备案怎么办');
  });

  it('each, asked in a new conversation, is answered (not the fallback)', async () => {
    const failed: string[] = [];
    for (const [path, q] of quoted()) {
      const r = await assistant.conversations.ask({ channel: 'test', user: freshUser('example') }, q);
      if (r.fallback || r.intent.startsWith('fallback')) failed.push(`${path}: “${q}” → ${r.intent}`);
    }
    expect(failed).toEqual([]);
  });
});

describe('after a conclusion the next steps are offered, and each reaches its answer', () => {
  const LATE = '我妈是江门新会医保，前天在北京急诊住院了，没备案，还能补吗？';
  const ELIGIBILITY = '我是邢台医保，退休了，到广州跟孩子定居，户口没迁，我该办哪种备案？';
  const MATERIALS = ['办理备案要准备', '《江门市基本医疗保险非定点医疗机构就医申请表》'];
  const ASK_AGAIN = ['请问您（或家人）是在哪里参保的？', '请问是哪种情况？'];
  const restarted = () => assistant.knowledge.dialogTexts.common.restarted;

  it('the late-filing conclusion offers 材料清单 / 在哪里办 / 联系电话 / 重新开始', async () => {
    const [r] = await transcript(assistant, [[LATE, '还来得及']]);
    expect(r?.suggestions).toEqual(assistant.knowledge.dialogTexts.nextSteps.map((s) => s.label));
  });

  // Each step, picked by its label and by its number, for the facts told before.
  const late: Array<[label: string, n: string, contains: string[]]> = [
    ['材料清单', '1', MATERIALS],
    ['在哪里办', '2', ['您属于江门市新会区第三类情形', '在哪里办：']],
    ['联系电话', '3', ['12333', '新会区：备案电话 6102028']],
  ];
  for (const [label, n, contains] of late) {
    it(`after late filing: “${label}” and “${n}” answer for the remembered case`, async () => {
      await talk([
        [LATE, '还来得及'],
        [label, contains, ASK_AGAIN],
      ]);
      await talk([
        [LATE, '还来得及'],
        [n, contains, ASK_AGAIN],
      ]);
    });
  }

  it('重新开始 (or “4”) forgets the case: the next question asks the insured place again', async () => {
    for (const pick of ['重新开始', '4'])
      await talk([
        [LATE, '还来得及'],
        [pick, restarted()],
        ['我妈住院了没备案，还能补吗', '请问您（或家人）是在哪里参保的？'],
      ]);
  });

  it('the eligibility conclusion leaves out 在哪里办 (it says where) and its steps work', async () => {
    const [r] = await transcript(assistant, [[ELIGIBILITY, '在哪里办：']]);
    expect(r?.suggestions).toEqual(['材料清单', '联系电话', '重新开始']);
    await talk([
      [ELIGIBILITY, '在哪里办：'],
      ['1', '办理备案要准备', ASK_AGAIN],
    ]);
    await talk([
      [ELIGIBILITY, '在哪里办：'],
      ['2', '12333', ASK_AGAIN],
    ]);
    await talk([
      [ELIGIBILITY, '在哪里办：'],
      ['3', restarted()],
    ]);
  });

  it('the materials conclusion leaves out 材料清单; “1” is then 在哪里办', () =>
    talk([
      ['我是江门蓬江的，在外地出差急病住院，我要带什么材料', '办理备案要准备'],
      ['1', '在哪里办：', ASK_AGAIN],
    ]));

  it('a number when no next step was offered is not taken for one', () =>
    talk([
      [LATE, '还来得及'],
      ['江门备案电话', '江门'],
      ['4', [], restarted()],
    ]));
});
