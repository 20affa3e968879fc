// Stage "before admission" (issue 10): read from the whole message with the dialogs.yaml
// stageCues.beforeAdmission list; the advice is for that stage only (file before going into
// hospital, which filing), never the in-hospital deadline or the after-discharge steps.
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { EntityExtractor } from '../../src/matcher/entities.js';
import { DIALOG_NOW, type Step, transcript } from '../helpers/transcript.js';

let assistant: App;
beforeAll(() => {
  assistant = createMemoryApp({ clock: () => DIALOG_NOW });
});
const talk = async (steps: readonly Step[]): Promise<void> => {
  await transcript(assistant, steps);
};

// In-hospital and after-discharge advice that must never reach someone not yet admitted.
const WRONG_STAGE = ['请在出院结算前办好', '已经出院', '手工报销', '请问是哪天住院的？', '还在住院'];

describe('the stage of care read from the whole message', () => {
  const ROWS: Array<[text: string, before: boolean | undefined, discharge: string | undefined]> = [
    ['下个月要去广州做手术，人还没过去', true, undefined],
    ['医院已经约好了，准备去北京看病', true, undefined],
    ['打算去上海复查', true, undefined],
    ['我妈在北京住院第3天了', undefined, 'in-hospital'],
    ['上周在长沙住院，前天出院了', undefined, 'discharged'],
    // A stay already told wins over a cue word.
    ['本来准备去北京，结果在天津住院了还没出院', undefined, 'in-hospital'],
  ];
  it.each(ROWS)('“%s” → before admission %s, discharge %s', (text, before, discharge) => {
    const e = new EntityExtractor(assistant.knowledge).extract(text, DIALOG_NOW);
    expect(e.beforeAdmission).toBe(before);
    expect(e.dischargeStatus).toBe(discharge);
  });
});

describe('before admission: which filing, filed before going into hospital', () => {
  it('a booked operation in another province: acknowledged, then the temporary filing before admission', () =>
    talk([
      ['我是广州参保的', []],
      ['下周要去北京做心脏手术 人还没过去 医院已经约好了', ['还没住院'], WRONG_STAGE],
      ['需要提前备案吗', ['临时外出就医人员', '请在去外地住院之前办好备案', '粤医保'], WRONG_STAGE],
    ]));

  it('a question in the same message as the plan gets the before-admission advice at once', () =>
    talk([
      [
        '我是邢台参保的，下个月准备去天津做手术，还没住院，要先备案吗',
        ['临时外出就医', '请在去外地住院之前办好备案'],
        WRONG_STAGE,
      ],
    ]));

  it('being admitted later replaces the before-admission stage', () =>
    talk([
      ['我是邢台参保的，下个月准备去天津做手术，还没住院，要先备案吗', '请在去外地住院之前办好备案'],
      ['现在已经在天津住院了 前天住进去的 还没备案 还能补吗', ['还来得及', '2026年11月23日住院'], '还没住院'],
    ]));
});
