import { beforeAll, describe, expect, it } from 'vitest';
import { selfConsistency } from '../../src/evaluation/selfConsistency.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import type { Knowledge } from '../../src/knowledge/types.js';
import { Matcher } from '../../src/matcher/index.js';

const NOW = new Date('2026-11-25T04:00:00Z');
let knowledge: Knowledge;
let matcher: Matcher;

beforeAll(() => {
  knowledge = loadKnowledge(defaultKnowledgeDir, {});
  matcher = new Matcher(knowledge);
});

describe('decision calibration', () => {
  it('a did-you-mean always offers at least two alternatives', () => {
    const asked = knowledge.entries.flatMap((e) =>
      e.paraphrases.map((p) => p.slice(0, Math.ceil(p.length / 2))),
    );
    const clarified = asked
      .map((q) => matcher.match(q, { now: NOW }))
      .filter((m) => m.decision === 'clarify');
    expect(clarified.length).toBeGreaterThan(0);
    for (const m of clarified) expect(m.choices.length).toBeGreaterThanOrEqual(2);
  });

  it('a verbatim paraphrase answers its entry even with no domain word in it', () => {
    // A curator's paraphrase without 异地/备案 would be judged unanchored without the rule.
    const entry = knowledge.entries.find((e) =>
      e.paraphrases.some((p) => !knowledge.lexicon.domainAnchors.some((a) => p.includes(a))),
    );
    const paraphrase = entry?.paraphrases.find(
      (p) => !knowledge.lexicon.domainAnchors.some((a) => p.includes(a)),
    );
    if (!entry || !paraphrase) throw new Error('no unanchored paraphrase in the knowledge');
    const m = matcher.match(`${paraphrase}！`, { now: NOW });
    expect(m.decision).toBe('answer');
    expect(m.top?.entry.id).toBe(entry.id);
  });
});

describe('self-consistency of the knowledge', () => {
  it('every question and paraphrase, asked alone and not as a verbatim match, finds its own entry', () => {
    const misses = selfConsistency(knowledge, matcher, NOW);
    expect(misses.map((m) => `${m.entryId}: ${m.question} → ${m.got.join(',')}`)).toEqual([]);
  });
});
