import { beforeAll, describe, expect, it } from 'vitest';
import { judgeMatch, splitFold, summarize } from '../../src/evaluation/crossValidate.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import type { Knowledge } from '../../src/knowledge/types.js';
import { Matcher } from '../../src/matcher/index.js';

let knowledge: Knowledge;
beforeAll(() => {
  knowledge = loadKnowledge(defaultKnowledgeDir, {});
});

describe('splitFold', () => {
  it('holds out every paraphrase exactly once over the folds, and trains without it', () => {
    const total = knowledge.entries.reduce((n, e) => n + e.paraphrases.length, 0);
    const seen = new Map<string, number>();
    for (let fold = 0; fold < 5; fold++) {
      const { train, held } = splitFold(knowledge, 5, fold);
      for (const h of held) {
        const key = `${h.entryId}|${h.question}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        expect(train.entryById.get(h.entryId)?.paraphrases).not.toContain(h.question);
      }
    }
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBe(total);
    // The knowledge it was given is left as it was.
    expect(knowledge.entries.reduce((n, e) => n + e.paraphrases.length, 0)).toBe(total);
  });
});

describe('judgeMatch', () => {
  it('counts an answer with the asked entry as right and with another as wrong', () => {
    const matcher = new Matcher(knowledge);
    const entry = knowledge.entries[0];
    if (!entry) throw new Error('no entries');
    const m = matcher.match(entry.question, { now: new Date('2026-12-02T10:00:00+08:00') });
    expect(m.decision).toBe('answer');
    expect(judgeMatch(knowledge, entry.id, m).outcome).toBe('right');
    const other = knowledge.entries.find(
      (e) => e.id !== entry.id && !e.related.includes(entry.id) && !entry.related.includes(e.id),
    );
    expect(judgeMatch(knowledge, other?.id ?? '', m).outcome).toBe('wrong');
  });

  it('counts the official entry a forum entry is the experience of as the same answer', () => {
    const matcher = new Matcher(knowledge);
    const forum = knowledge.entries.find((e) => e.experienceOf);
    if (!forum?.experienceOf) throw new Error('no forum entry with experienceOf');
    // The forum entry's own question is answered by the official entry first (source authority).
    const m = matcher.match(forum.question, { now: new Date('2026-12-02T10:00:00+08:00') });
    expect(m.decision).toBe('answer');
    expect(judgeMatch(knowledge, forum.id, m).outcome).toBe('right');
  });

  it('summarizes outcomes into the printed figures', () => {
    const m = summarize([
      { entryId: 'a', question: 'q1', outcome: 'right', got: ['a'] },
      { entryId: 'a', question: 'q2', outcome: 'wrong', got: ['b'] },
      { entryId: 'a', question: 'q3', outcome: 'clarify-right', got: ['b', 'a'] },
      { entryId: 'a', question: 'q4', outcome: 'clarify-wrong', got: ['b', 'c'] },
      { entryId: 'a', question: 'q5', outcome: 'fallback', got: [] },
    ]);
    expect(m).toEqual({ total: 5, right: 1, wrong: 1, clarify: 2, clarifyRight: 1, fallback: 1 });
  });
});
