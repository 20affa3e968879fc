// A live deadline across provinces: the insured city's 10-day rule (邢台 2021) and the
// national cross-province rule (2025) both apply; the conclusion shows both with dates, says
// which governs, and leads with filing before discharge settlement. Today is 2026-11-25.
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

const LEAD = '还来得及：请尽快补办备案，并且在办出院结算之前办好，这样仍可直接结算。';
const WHY = '国家跨省规定（2025-02）比邢台市的规定（2021-07-08）新，而且专门管跨省异地就医';
const ASK_TREATMENT = '请问是在哪里住院？';
const AFTER_DISCHARGE = ['已经出院并自费结算的', '您已经出院'];
const TOO_LATE = '现在已经过了期限';

describe('Xingtai insured, in hospital in another province for more than 10 days', () => {
  it('day 12 in Beijing, not discharged → file now before discharge; both rules, the newer governs', () =>
    talk([
      [
        '邢台医保 我妈在北京住院12天了 还没出院 没备案 还能补吗',
        [
          LEAD,
          '按邢台市2021年的规定，因病情紧急等没来得及备案的',
          '按这一条，最迟是2026年11月23日，已经过了。',
          WHY,
          '参保地医保经办机构确认',
        ],
        [TOO_LATE, ...AFTER_DISCHARGE],
      ],
    ]));

  it('place of care not said → asked only because it decides the rule; "外省" answers it', () =>
    talk([
      ['我是邢台参保的，我爸11月10日住院，还没出院，没备案还能补吗', ASK_TREATMENT, TOO_LATE],
      ['外省', [LEAD, WHY], [TOO_LATE, ...AFTER_DISCHARGE]],
    ]));

  it('place of care not said; a bare city in Hebei → in the province, the 10-day rule governs', () =>
    talk([
      ['我是邢台参保的，我爸11月10日住院，还没出院，没备案还能补吗', ASK_TREATMENT],
      [
        '邯郸',
        [TOO_LATE, '您是在本省内就医', '您还在住院：请马上联系参保地医保经办机构或拨打12333'],
        AFTER_DISCHARGE,
      ],
    ]));
});

describe('the stage is read from the whole message: never advice for a stage the person is not in', () => {
  it('“出院的时候医院说没备案只能自费” → discharged and self-paid: the manual claim, not "还来得及"', () =>
    talk([
      [
        '我是江门新会参保的，出院的时候医院说没备案只能自费，没备案还能补吗',
        ['您已经出院，费用也已经自己付了。', '手工报销'],
        ['还来得及', '请在出院结算前办好', '现在还在住院，还是已经出院了'],
      ],
    ]));

  it('a correction of the stage is taken: discharged → still in hospital', () =>
    talk([
      ['广州医保 我妈在南昌住院 已经出院了 没备案 还能补吗', ['您已经出院了。', '手工报销']],
      ['哦不对 还没出院 是明天出院 今天人还在医院 没备案还能补吗', ['还来得及'], ['您已经出院']],
    ]));
});

describe('a personal situation told without 我 is still personal', () => {
  it('“江门新会参保，在长沙旅游时急病住院，没备案，前天出院了，钱是自己全付的” → the personal conclusion', () =>
    talk([
      [
        '江门新会参保，在长沙旅游时急病住院，没备案，前天出院了，钱是自己全付的',
        ['您已经出院，费用也已经自己付了。', '手工报销', '参保地 江门市新会区'],
        ['您是想问', '还来得及'],
      ],
    ]));
});

describe('conflicts are disclosed in the dialog conclusion, not only in single answers', () => {
  it('Xingtai, posted to Beijing for three months → temporary; Xingtai single visit and the national 6 months, with why', () =>
    talk([
      [
        '我邢台参保的，单位派我去北京驻场三个月，我这种情况办哪种备案',
        [
          '在外地不满半年还不算常驻异地工作人员',
          '邢台规定：长期在参保地以外工作、居住、生活半年及以上',
          '有效期：按邢台市2021年的规定，临时外出就医备案只管这一次外出就医',
          '· 按国家跨省规定，临时外出就医备案有效期原则上不少于6个月',
          '国家跨省规定（2025-02）比邢台市的规定（2021-07-08）新',
        ],
      ],
    ]));

  it('a Shanghai insured person is not shown Xingtai’s rule', () =>
    talk([
      ['我是上海参保的，要去杭州陪孩子三个月，我这种情况办哪种备案', '请问是哪种情况？'],
      ['8', '有效期：按国家跨省规定，临时外出就医备案有效期原则上不少于6个月', ['邢台']],
    ]));
});

describe('a long-term filer going to a third place for treatment', () => {
  it('Xingtai, long-term filing in Sanya, surgery in Guangzhou → a temporary filing before admission', () =>
    talk([
      ['邢台隆尧的 退休后在三亚住了三年 办过长期居住备案', '异地长期居住人员'],
      [
        '要去广州的肿瘤医院住院做放疗 还用另外备案吗 啥时候办',
        [
          '您已在三亚市办了长期居住备案，这次要去广州市住院',
          '邢台规定：已办长期居住备案的人，要到居住地以外的联网医院住院，须在住院前另办临时外出就医备案。',
          '在哪里办：',
          '《邢台市异地就医人员范围及备案流程》（2021-07-08，邢台市）',
        ],
        ['异地就医直接结算（按您参保地', '抱歉'],
      ],
    ]));

  it('treatment where the filing is needs nothing new', () =>
    talk([
      ['邢台隆尧的 退休后在三亚住了三年 办过长期居住备案', '异地长期居住人员'],
      ['在三亚住院能直接结算吗', '三亚市', '这次要去'],
    ]));
});

describe('facts per person: a new subject starts a new case, a carried fact is echoed', () => {
  it('the speaker lives away long-term; a question about the mother does not reuse the speaker’s stay', () =>
    talk([
      ['我是广州参保的，在外地长期居住快一年了', '异地长期居住人员'],
      [
        '我妈在外地住院了还没备案，还能补吗',
        ['还来得及', '按您前面说的，参保地 广州市（不对请直接告诉我）'],
        ['在外地约', '长期在外地'],
      ],
    ]));

  it('after a finished case about the father, a question about oneself does not reuse his admission date', () =>
    talk([
      ['我爸是邢台医保，前天在邯郸住院了，没备案还能补吗', '2026年11月23日住院'],
      ['我退休了想去海南长住，我这种情况办哪种备案', [], '2026年11月23日住院'],
    ]));

  it('an echoed carried region can be corrected', () =>
    talk([
      ['我是邢台参保的，在外地长期居住快一年了', '异地长期居住人员'],
      ['我妈在外地住院了还没备案，还能补吗', '请问是哪天住院的？'],
      [
        '不对，我妈是江门新会参保的，前天住院',
        ['参保地 江门市新会区', '2026年11月23日住院'],
        ['按您前面说的', '邢台'],
      ],
    ]));
});
