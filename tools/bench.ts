// npm run bench — in-process answer latency (p50/p99), cold start (process start → first
// answer) and memory. Figures are printed, never asserted in tests.
import '../src/cli/quietPipe.js';
import { spawnSync } from 'node:child_process';
import { createMemoryApp } from '../src/app.js';
import { projectRoot } from '../src/knowledge/paths.js';
import { singleTurnQuestions } from './bench/questions.js';
import { scalingTable } from './bench/scaling.js';
import { searchBenchRow } from './bench/search.js';
import { benchFlags, sideBySide } from './bench/sideBySide.js';
import { stateBench } from './bench/state.js';
import { mb, ms, summarize, table } from './bench/stats.js';
import { turnCostBench } from './bench/turnCost.js';
import { compiled } from './harness/compiled.js';

const FLAGS = benchFlags(process.argv.slice(2));
const ROUNDS = FLAGS.rounds;

async function inProcess(): Promise<string[][]> {
  const questions = singleTurnQuestions();
  const assistant = createMemoryApp();
  const ask = (user: string, text: string) => assistant.conversations.ask({ channel: 'bench', user }, text);
  // Warm-up: JIT and caches.
  for (const q of questions) await ask('warm', q.text);
  const matcherTimes: number[] = [];
  const turnTimes: number[] = [];
  let user = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of questions) {
      let t = process.hrtime.bigint();
      assistant.matcher.match(q.text, { now: new Date() });
      matcherTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
      t = process.hrtime.bigint();
      await ask(`u${user++ % 500}`, q.text);
      turnTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  const m = summarize(matcherTimes);
  const b = summarize(turnTimes);
  const rss = process.memoryUsage().rss;
  return [
    ['measure', 'p50', 'p99', 'mean', 'samples'],
    ['matcher only (normalize→decide)', ms(m.p50), ms(m.p99), ms(m.mean), String(m.n)],
    ['full bot turn (adapter+state+reply)', ms(b.p50), ms(b.p99), ms(b.mean), String(b.n)],
    searchBenchRow(assistant.knowledge, assistant.matcher, ROUNDS),
    ['RSS after the run', mb(rss), '', '', ''],
  ];
}

function coldStart(runs = 3): string[][] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = Date.now();
    // The compiled entry, as `npm start` runs it.
    const r = spawnSync(process.execPath, [compiled('tools/firstAnswer.ts')], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`cold start failed: ${r.stderr}`);
    times.push(Date.now() - start);
  }
  const s = summarize(times);
  return [
    [
      'cold start: process start → first answer (wall)',
      ms(s.p50),
      ms(Math.max(...times)),
      ms(s.mean),
      String(runs),
    ],
  ];
}

/** `--only turn|scaling|side-by-side`: one part alone (a short run while working on it). */
const ONLY = process.argv.find((_a, i) => process.argv[i - 1] === '--only') ?? '';

async function main(): Promise<void> {
  if (ONLY === 'turn') return void console.log(await turnCostBench(FLAGS.seconds));
  if (ONLY === 'scaling') return void console.log(await scalingTable());
  if (ONLY === 'side-by-side') return void console.log(await sideBySide({ ...FLAGS, http: false }));
  const rows = await inProcess();
  rows.push(...coldStart());
  console.log(
    `\nyidi-bot benchmark — ${new Date().toISOString()} — node ${process.version}, ${process.platform}/${process.arch}`,
  );
  console.log(table(rows));
  console.log(await sideBySide(FLAGS));
  console.log(await scalingTable());
  // Conversation state: load+save per turn (memory/SQLite/Redis) and turns/s of 1 and 2 instances.
  if (!process.argv.includes('--no-state')) console.log(await stateBench({ seconds: FLAGS.seconds }));
  if (FLAGS.http) console.log(await turnCostBench(Math.min(FLAGS.seconds, 10)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
