// One contender of the accuracy benchmark, alone in its own process (started by
// tools/bench.ts with --expose-gc): load the knowledge, build the contender (timed, RSS
// before/after), judge every single-turn question the way the eval runner does, time
// every message, and print one line "RESULT {json}" for the parent.
import { pathToFileURL } from 'node:url';
import { composeAnswer } from '../../src/answers/compose.js';
import { judgeTurn } from '../../src/evaluation/evalCases.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import type { Knowledge } from '../../src/knowledge/types.js';
import { buildContender, CONTENDERS, type ContenderName, type Prediction } from './peers.js';
import { type BenchQuestion, singleTurnQuestions } from './questions.js';
import { summarize } from './stats.js';

export interface QuestionOutcome {
  id: string;
  set: string;
  oos: boolean;
  pass: boolean;
  decision: Prediction['decision'];
}

export interface ContenderReport {
  name: string;
  fallbackRule: string;
  startupMs: number;
  rssBuiltMb: number;
  rssAfterMb: number;
  p50: number;
  p99: number;
  samples: number;
  outcomes: QuestionOutcome[];
}

const TIMING_BUDGET_MS = 30_000;

/** The full bot turn (what `npm run eval` measures): same questions, judged on the real replies. */
export const BOT = 'yidi-bot';

interface Runner {
  fallbackRule: string;
  /** Replies and fallback flag of one message, as a user would get them. */
  turn(
    text: string,
    user: string,
  ): Promise<{ replies: string[]; fallback: boolean; decision: Prediction['decision'] }>;
}

function composed(k: Knowledge, p: Prediction): { replies: string[]; fallback: boolean } {
  if (p.decision !== 'answer') return { replies: [], fallback: p.decision === 'fallback' };
  const replies = p.entryIds
    .map((id) => k.entryById.get(id))
    .filter((e) => e !== undefined)
    .map((e) => composeAnswer(k, e, { regions: [] }, p.score).text);
  return { replies, fallback: replies.length === 0 };
}

async function build(name: string, k: Knowledge): Promise<Runner> {
  if (name === BOT) {
    const { createMemoryApp } = await import('../../src/app.js');
    const { conversations } = createMemoryApp({ knowledge: k });
    return {
      fallbackRule: 'the bot turn (FAQ, did-you-mean, dialogs) as in npm run eval',
      turn: async (text, user) => {
        const r = await conversations.ask({ channel: 'bench', user }, text);
        const decision = r.fallback ? 'fallback' : r.intent === 'clarify' ? 'clarify' : 'answer';
        return { replies: r.replies, fallback: r.fallback, decision };
      },
    };
  }
  if (!(CONTENDERS as readonly string[]).includes(name)) throw new Error(`unknown contender ${name}`);
  const contender = await buildContender(name as ContenderName, k);
  return {
    fallbackRule: contender.fallbackRule,
    turn: async (text) => {
      const p = await contender.predict(text);
      return { ...composed(k, p), decision: p.decision };
    },
  };
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const rssMb = (): number => {
  gc();
  return process.memoryUsage().rss / 1024 / 1024;
};

export async function runContender(name: string, rounds: number): Promise<ContenderReport> {
  const questions: BenchQuestion[] = singleTurnQuestions();
  const k = loadKnowledge(defaultKnowledgeDir);
  const rss0 = rssMb();
  const t0 = process.hrtime.bigint();
  const runner = await build(name, k);
  const startupMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const rssBuilt = rssMb();

  // The judged pass (a new user per question, as the eval starts a fresh conversation).
  const outcomes: QuestionOutcome[] = [];
  for (const q of questions) {
    const r = await runner.turn(q.text, `judge-${q.set}-${q.id}`);
    const problem = judgeTurn(q.expect, r, r.replies, false);
    outcomes.push({ id: q.id, set: q.set, oos: q.oos, pass: problem === undefined, decision: r.decision });
  }
  // Timed rounds, after that pass warmed the caches and the JIT.
  const times: number[] = [];
  let user = 0;
  const timingStarted = Date.now();
  // At least one round; a slow contender stops after TIMING_BUDGET_MS (its sample count says so).
  for (
    let round = 0;
    round < rounds && (round === 0 || Date.now() - timingStarted < TIMING_BUDGET_MS);
    round++
  ) {
    for (const q of questions) {
      const t = process.hrtime.bigint();
      await runner.turn(q.text, `u${user++ % 500}`);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  const s = summarize(times);
  return {
    name,
    fallbackRule: runner.fallbackRule,
    startupMs,
    rssBuiltMb: rssBuilt - rss0,
    rssAfterMb: rssMb() - rss0,
    p50: s.p50,
    p99: s.p99,
    samples: s.n,
    outcomes,
  };
}

const [name, rounds] = process.argv.slice(2);
// Run only as the entry point (tools/bench/accuracy.ts imports this module for its types).
if (name && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await runContender(name, Number(rounds ?? 20));
  // NLP.js prints to stdout while training: the result is the one marked line.
  process.stdout.write(`\nRESULT ${JSON.stringify(report)}\n`);
}
