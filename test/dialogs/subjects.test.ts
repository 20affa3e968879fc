// Facts per person (issue 10): a new subject starts a new case; switching back to someone
// talked about earlier restores that person's facts (stage, dates, stay), not the other's.
import { beforeAll, describe, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { DIALOG_NOW, type Step, transcript } from '../helpers/transcript.js';

let assistant: App;
beforeAll(() => {
  assistant = createMemoryApp({ clock: () => DIALOG_NOW });
});
const talk = async (steps: readonly Step[]): Promise<void> => {
  await transcript(assistant, steps);
};

describe('switching back to an earlier person restores that person’s case', () => {
  it('mother in hospital, then father discharged, then the mother again: her stage and date return', () =>
    talk([
      ['我妈是江门新会医保，前天在北京急诊住院了，没备案，还能补吗？', ['还来得及', '2026年11月23日住院']],
      ['我爸在长沙住院，已经出院了，也没备案，还能补吗', '已经出院', ['还来得及', '2026年11月23日住院']],
      ['那我妈现在还能补吗', ['还来得及', '2026年11月23日住院', '还在住院'], '已经出院'],
    ]));

  it('the father’s case returns with his own facts after talking about oneself', () =>
    talk([
      ['我爸是邢台医保，前天在邯郸住院了，没备案还能补吗', '2026年11月23日住院'],
      ['我是广州参保的，在外地长期居住快一年了', '异地长期居住人员', '2026年11月23日住院'],
      ['我爸那个还能补吗', ['2026年11月23日住院', '邢台'], '广州'],
    ]));
});
