// Follow-ups after a conclusion (issue 10): a short question about the finished case
// ("还能报吗", "最晚啥时候", "那要带啥", "在哪办") is answered from that case's facts, led by
// an echo of those facts — never a fallback, never a question already answered.
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

const FALLBACK = '抱歉，这个问题我暂时回答不了';
const ECHO = '按您前面说的情况（';
const ASKS = ['请问您（或家人）是在哪里参保的？', '请问是哪天住院的？', '请问是哪种情况？'];
// Discharged and paid on a trip in another province (江门 third class, manual reimbursement).
const PAID = '江门鹤山参保 去南宁出差时突发肺炎住了几天院 没备案 昨天出院了 费用是自己付的';
// Still in hospital in Beijing, admitted 2026-11-20 (5 days before DIALOG_NOW).
const IN_HOSPITAL = '邢台医保 我爷爷在北京住院 住院第6天了 还没备案';

describe('a follow-up after a conclusion answers from the finished case', () => {
  it('discharged and self-paid: “还能报吗” gives manual reimbursement, not “还来得及”', () =>
    talk([
      [PAID, ['手工报销', '异地急诊抢救人员']],
      ['那还能报吗', [ECHO, '已经出院', '手工报销', '参保地'], [FALLBACK, '还来得及', ...ASKS]],
    ]));

  it('in hospital: “最晚什么时候” gives the last day and the discharge-settlement rule', () =>
    talk([
      [IN_HOSPITAL, '还来得及'],
      ['最晚什么时候', [ECHO, '10日', '出院结算前', '2026年11月30日'], [FALLBACK, ...ASKS]],
    ]));

  it('“那要带啥” after a late-filing conclusion lists the materials for the same case', () =>
    talk([
      [PAID, '手工报销'],
      [
        '那要带啥',
        [ECHO, '办理备案要准备', '《江门市基本医疗保险非定点医疗机构就医申请表》'],
        [FALLBACK, ...ASKS],
      ],
    ]));

  it('“咋整” alone after a conclusion repeats the outcome with the echo (not the repeat pointer)', () =>
    talk([
      [PAID, '手工报销'],
      ['咋整', [ECHO, '手工报销'], [FALLBACK, assistant.knowledge.messages.repeated]],
    ]));

  it('“到底听哪个” after a 江门 sudden-illness conclusion: both rules, the insured region’s 10 days', () =>
    talk([
      ['我是江门新会的 我儿子去湖南长沙玩 突发急性阑尾炎 送医院抢救 住院第2天', ['第三类', '无需备案']],
      [
        '听说广东急诊抢救不用备案 可江门说10天内要备案 以哪个为准',
        [ECHO, '无需备案', '10日', '第三类'],
        [FALLBACK, ...ASKS],
      ],
    ]));

  it('colloquial 昨儿个…住上院 gives the admission date; “咋补 开始日期选哪天” answers from it', () =>
    talk([
      ['邢台隆尧的 俺爹昨儿个在石家庄住上院了 还没备案', ['还来得及', '2026年11月24日住院']],
      ['咋补 开始日期选哪天', ['10日', '住院当天'], [FALLBACK, ...ASKS]],
    ]));

  it('“住了半个月了” is an admission 15 days ago: the 邢台 10 days have passed, in hospital', () =>
    talk([
      [
        '邢台临城的 俺娘在天津住院呢 住了半个月了 还没备案 是不是来不及了',
        ['2026年11月10日住院', '出院结算'],
      ],
    ]));

  it('a corrected admission date after a conclusion is honoured: concluded again from the new date', () =>
    talk([
      ['邢台内丘的 我爸在邯郸住院20天了 没备案', '2026年11月5日住院'],
      [
        '不对 是昨天住的院 我记错了',
        [ECHO, '2026年11月24日住院', '还来得及'],
        [FALLBACK, '2026年11月5日住院'],
      ],
    ]));

  it('without a conclusion before, a bare “最晚什么时候” is no follow-up', () =>
    talk([['最晚什么时候', [], ECHO]]));

  it('a follow-up about another person is a new case, not the old one', () =>
    talk([
      [IN_HOSPITAL, '还来得及'],
      ['我妈也在天津住院了 最晚什么时候补', [], '2026年11月'],
    ]));
});
