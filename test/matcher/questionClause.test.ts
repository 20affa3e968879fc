import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import { Matcher } from '../../src/matcher/index.js';
import { QuestionClause } from '../../src/matcher/questionClause.js';

const NOW = new Date('2026-12-02T02:00:00Z');

const RETIREE_STORY =
  '我是江门新会参保的，去年退休以后一直跟着儿子在佛山住，唉，真是烦，听说要办什么备案才能在这边看病直接结算，社区的人也说不清楚，我跑了好几趟都没弄明白，到底要带什么材料？';
const EMERGENCY_STORY =
  '我老公在江门上班交的医保，这次回湖南老家探亲的时候突然肚子疼住进了医院，医生说要住一个礼拜，家里人都急坏了，现在人还在医院里，咋整';

describe('question clause of a story (lexicon cues, matcher.yaml lengths)', () => {
  let clause: QuestionClause;
  beforeAll(() => {
    const k = loadKnowledge(defaultKnowledgeDir);
    if (!k.lexicon.story) throw new Error('lexicon.yaml has no story cues');
    clause = new QuestionClause(k.lexicon.story.questionCues, k.lexicon.story.fillers, k.matcher.story);
  });

  it.each([
    // The last asking clause, not the earlier 要办什么备案 nor 好几趟.
    [RETIREE_STORY, '到底要带什么材料'],
    // A short question (咋整) takes in the clause before it.
    [EMERGENCY_STORY, '现在人还在医院里咋整'],
    // A run of asking clauses at the end stays together.
    [
      '我有糖尿病好些年了，在参保地办过慢病门诊的审批，可人常年住在外地闺女家，每个月都在这边医院开药，想问问回去报销要带哪几样东西，报下来的钱打到哪儿？',
      '想问问回去报销要带哪几样东西报下来的钱打到哪儿',
    ],
    // A question mark marks a clause without any cue word.
    [
      '我们一家三口都是邢台参保的，孩子今年考上了外省的大学，一年到头只有寒暑假才回来住几天，平时都在学校那边吃住，学生也要办长期居住备案？',
      '学生也要办长期居住备案',
    ],
  ])('%s → %s', (story, question) => {
    expect(clause.split(story)?.question).toBe(question);
  });

  it('removes filler and keeps the rest of the story', () => {
    const parts = clause.split(RETIREE_STORY);
    expect(parts?.story).toContain('江门新会参保');
    expect(parts?.story).not.toContain('唉');
    expect(parts?.story).not.toContain('真是烦');
    expect(parts?.story).not.toContain('到底要带什么材料');
  });

  it.each([
    ['江门参保的人在外地住院，要带什么材料'], // short: the whole message is the question
    [
      '我是江门新会参保的，去年退休以后一直跟着儿子在佛山住，社区的人也说不清楚，我跑了好几趟都没弄明白，反正就是这样了。',
    ], // no question clause
  ])('no split: %s', (text) => {
    expect(clause.split(text)).toBeUndefined();
  });
});

describe('a story in the matcher', () => {
  let matcher: Matcher;
  beforeAll(() => {
    matcher = new Matcher(loadKnowledge(defaultKnowledgeDir));
  });

  it('reads facts from the whole story and retrieves with its question', () => {
    const r = matcher.match(RETIREE_STORY, { now: NOW });
    // The insured region comes from the story's first clause, not the question.
    expect(r.policyRegion).toBe('xinhui');
    expect(r.tokens).toContain('退休');
    // The retiree's materials (退休 is in the story, 材料 in the question) is answered or offered.
    const offered = r.decision === 'answer' ? r.answers : r.choices;
    expect(offered.map((c) => c.entry.id)).toContain('jm-retiree-resident-materials');
    for (const c of offered) expect(c.entry.question).toMatch(/材料|资料|表/);
  });

  it('a neighbouring topic word in the story (治疗) does not make the asked question that topic', () => {
    const r = matcher.match(
      '我有糖尿病好些年了，在参保地办过慢病门诊治疗的审批，可人常年住在外地闺女家，每个月都在这边医院开药，想问问回去报销要带哪几样东西？',
      { now: NOW },
    );
    expect(r.outOfScope).toBeUndefined();
  });
});
