// The side-by-side part of `npm run bench`: accuracy and speed of the matcher against its
// peers, then HTTP throughput against the machine's ceiling. Flags: --quick (3 rounds, 3 s
// per HTTP target), --seconds=N (HTTP), --no-peers, --no-http.
import { cpus } from 'node:os';
import { accuracyTable, knowledgeOverlap, questionCounts, runContenders } from './accuracy.js';
import { httpBench, httpTable, httpVerdict } from './http.js';
import { FUSE_THRESHOLD, NLPJS_THRESHOLD } from './peers.js';
import { table } from './stats.js';

export interface BenchFlags {
  quick: boolean;
  rounds: number;
  seconds: number;
  peers: boolean;
  http: boolean;
}

export function benchFlags(argv: string[]): BenchFlags {
  const quick = argv.includes('--quick');
  const seconds = Number(/^--seconds=(\d+)$/.exec(argv.find((a) => a.startsWith('--seconds=')) ?? '')?.[1]);
  return {
    quick,
    rounds: Number(process.env.BENCH_ROUNDS ?? (quick ? 3 : 20)),
    seconds: seconds > 0 ? seconds : quick ? 3 : 20,
    peers: !argv.includes('--no-peers'),
    http: !argv.includes('--no-http'),
  };
}

export function machineLine(): string {
  return `${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}, ${process.platform}/${process.arch}`;
}

export async function sideBySide(flags: BenchFlags): Promise<string> {
  const out: string[] = [];
  if (flags.peers) {
    const overlap = knowledgeOverlap();
    out.push(
      `\n== Matcher vs peers (same questions, same run; ${flags.rounds} timed rounds) ==`,
      `questions: ${questionCounts()}`,
      `held-out questions written in knowledge/faq as a question or paraphrase: ${overlap.filter((o) => o.set !== 'dev').length}` +
        (overlap.length > 0
          ? ` (all sets: ${overlap.map((o) => `${o.set}/${o.id}→${o.entry}`).join(', ')})`
          : ''),
      table(accuracyTable(runContenders(flags.rounds))),
      'top-1: the contender’s answer (its predicted entry’s composed answer) passes the eval’s substring check; a did-you-mean is no answer.',
      `yidi-matcher: its own answer/did-you-mean/fallback decision. nlpjs: NlpManager zh, one intent per entry, 'None' below ${NLPJS_THRESHOLD}.`,
      `fuse: fuse.js over question+paraphrases, ignoreLocation, fallback above score ${FUSE_THRESHOLD} (fuse's default threshold).`,
      'yidi-bot: the full bot turn (dialogs, several answers per message) judged on its replies, as npm run eval.',
      'start-up: import + build/train after the knowledge is loaded; RSS Δ: after build / after the run, vs. before build (each contender in its own process).',
    );
  }
  if (flags.http) {
    const rows = await httpBench(flags.seconds);
    out.push(
      `\n== HTTP on loopback: autocannon, ${flags.seconds} s per target; each server in its own process ==`,
      table(httpTable(rows)),
      httpVerdict(rows),
      'Server: node dist/src/main.js, NODE_ENV=production, STORAGE=memory, LOG_LEVEL=warn, rate limits off; ' +
        'load generator on the same machine.',
    );
  }
  out.push(`machine: ${machineLine()}`);
  if (flags.quick) out.push('(--quick: figures are indicative only)');
  return out.join('\n');
}
