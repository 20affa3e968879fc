// Pruned retrieval (src/matcher/prunedSearch.ts) must change nothing a user sees: over every
// question and paraphrase of the knowledge and every turn of the held-out and basics sets,
// the pruned matcher gives the same decision, the same answers and choices, and the same
// ranked candidates with the same scores as the exhaustive reference path.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCases } from '../../src/evaluation/evalCases.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir, projectRoot } from '../../src/knowledge/paths.js';
import type { Knowledge } from '../../src/knowledge/types.js';
import { type MatchContext, Matcher, type MatchResult } from '../../src/matcher/index.js';
import { scaledKnowledge } from '../../tools/bench/scaledKnowledge.js';

const NOW = new Date('2026-11-25T04:00:00Z');

interface Ask {
  text: string;
  ctx: MatchContext;
}

/** What the user's reply is built from: decision, entries, and the ranked view. */
function view(r: MatchResult) {
  return {
    decision: r.decision,
    top: r.top?.entry.id,
    answers: r.answers.map((c) => c.entry.id),
    choices: r.choices.map((c) => c.entry.id),
    runnerUp: r.runnerUp?.entry.id,
    candidates: r.candidates.map((c) => ({
      id: c.entry.id,
      score: c.score,
      best: c.features.bestUtterance,
      matched: c.features.matched,
    })),
  };
}

function knowledgeAsks(k: Knowledge): Ask[] {
  return k.entries.flatMap((e) =>
    [e.question, ...e.paraphrases].map((text) => ({ text, ctx: { now: NOW } })),
  );
}

function caseAsks(file: string): Ask[] {
  const out: Ask[] = [];
  for (const c of readCases(join(projectRoot, 'test', 'eval', file))) {
    // Later turns also as follow-ups: the previous turn's salient tokens as context.
    let context: string[] = [];
    for (const turn of c.turns) {
      out.push({ text: turn.user, ctx: { now: NOW } });
      if (context.length > 0)
        out.push({ text: turn.user, ctx: { now: NOW, contextTokens: context, inDomain: true } });
      context = reference.match(turn.user, { now: NOW }).salient;
    }
  }
  return out;
}

/** The questions whose pruned result differs from the exhaustive one (none expected). */
function differing(all: Ask[]): string[] {
  return all
    .filter(
      (a) =>
        JSON.stringify(view(pruned.match(a.text, a.ctx))) !==
        JSON.stringify(view(reference.match(a.text, a.ctx))),
    )
    .map((a) => a.text);
}

/** Generous: the whole suite shares two cores; nothing here measures time. */
const SLOW = 240_000;

let knowledge: Knowledge;
let reference: Matcher;
let pruned: Matcher;

beforeAll(() => {
  knowledge = loadKnowledge(defaultKnowledgeDir);
  reference = new Matcher(knowledge);
  reference.retrieval = 'exhaustive';
  pruned = new Matcher(knowledge);
  pruned.retrieval = 'pruned';
});

describe('pruned retrieval', () => {
  it(
    'answers every question and paraphrase of the knowledge exactly as the exhaustive search',
    () => {
      const all = knowledgeAsks(knowledge);
      expect(all.length).toBeGreaterThan(1000);
      expect(differing(all)).toEqual([]);
    },
    SLOW,
  );

  it(
    'answers every held-out turn (alone and as a follow-up) exactly as the exhaustive search',
    () => {
      const all = caseAsks('heldout.jsonl');
      expect(all.length).toBeGreaterThan(400);
      expect(differing(all)).toEqual([]);
    },
    SLOW,
  );

  it(
    'answers every basics question exactly as the exhaustive search',
    () => {
      const all = caseAsks('basics.jsonl');
      expect(all.length).toBeGreaterThan(20);
      expect(differing(all)).toEqual([]);
    },
    SLOW,
  );

  it(
    'keeps the exhaustive result on a knowledge copied three times (many near ties; pruning where postings are many)',
    () => {
      const k3 = scaledKnowledge(knowledge, 3);
      const ref3 = new Matcher(k3);
      ref3.retrieval = 'exhaustive';
      const pruned3 = new Matcher(k3);
      const questions = knowledge.entries.flatMap((e) => [e.question, ...e.paraphrases.slice(0, 2)]);
      const changed = questions.filter(
        (q) =>
          JSON.stringify(view(pruned3.match(q, { now: NOW }))) !==
          JSON.stringify(view(ref3.match(q, { now: NOW }))),
      );
      expect(changed).toEqual([]);
    },
    SLOW,
  );

  it(
    'scores far fewer entries than the exhaustive search on a knowledge copied six times',
    () => {
      const k6 = scaledKnowledge(knowledge, 6);
      const m = new Matcher(k6);
      m.retrieval = 'pruned';
      const scored = { pruned: 0, exhaustive: 0 };
      const original = m.index.scoreEntry.bind(m.index);
      m.index.scoreEntry = (plan, e, facets) => {
        scored.pruned++;
        return original(plan, e, facets);
      };
      const search = m.index.search.bind(m.index);
      for (const e of knowledge.entries.slice(0, 30)) {
        m.match(e.question, { now: NOW });
        scored.exhaustive += search(m.index.correct(m.segmenter.tokens(e.question)), e.question).length;
      }
      expect(scored.pruned).toBeLessThan(scored.exhaustive / 4);
    },
    SLOW,
  );
});
