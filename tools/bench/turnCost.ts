// Issue 14's measures in one run (`npm run bench -- --only turn`, or within `npm run bench`):
// the server's own CPU milliseconds per POST /api/ask turn (utime + stime of the server
// process from /proc, divided by the turns it answered), req/s and p50/p99 at 1, 8 and 50
// connections against the bare node:http ceiling and a static fastify route (JSON body + zod
// + a fixed reply), errors, and the server's RSS idle and after 10,000 turns. Questions follow
// a Zipf law with mostly new visitors (zipfQuestions.ts), not a loop over a fixed set.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AutocannonRequest, AutocannonResult } from 'autocannon';
import { type ChildServer, startChildServer } from '../harness/childServer.js';
import { compiled } from '../harness/compiled.js';
import { startRealServer } from './http.js';
import { mb, table } from './stats.js';
import { REPHRASED_SHARE, RETURNING_SHARE, ZIPF_S, ZipfQuestions } from './zipfQuestions.js';

export const TURN_CONNECTIONS = [1, 8, 50] as const;
const RSS_TURNS = 10_000;
/** Issue 14's targets. */
const TARGET_SHARE = 0.05;
const TARGET_RSS_MB = 200;

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** CPU time the process has used (user + system), ms, from /proc/<pid>/stat. */
export function processCpuMs(pid: number, ticks = clockTicks()): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at ") ": state is field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / ticks;
}

function askRequests(draws: ZipfQuestions): AutocannonRequest[] {
  return [
    {
      method: 'POST',
      path: '/api/ask',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        const d = draws.next();
        return { ...req, body: JSON.stringify({ user: d.user, text: d.text }) };
      },
    },
  ];
}

async function load(
  url: string,
  connections: number,
  requests: AutocannonRequest[],
  limit: { seconds?: number; amount?: number },
): Promise<AutocannonResult> {
  const { default: autocannon } = await import('autocannon');
  return autocannon({
    url,
    connections,
    timeout: 10,
    requests,
    ...(limit.amount ? { amount: limit.amount } : { duration: limit.seconds ?? 5 }),
  });
}

interface Row {
  target: string;
  connections: number;
  result: AutocannonResult;
  cpuMsPerTurn?: number;
}

async function withServer<T>(start: () => Promise<ChildServer>, work: (s: ChildServer) => Promise<T>) {
  const server = await start();
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

export async function turnCostBench(seconds: number): Promise<string> {
  const rows: Row[] = [];
  const ticks = clockTicks();
  const fixedRun = async (name: string, server: ChildServer) => {
    for (const connections of TURN_CONNECTIONS)
      rows.push({
        target: name,
        connections,
        result: await load(server.base, connections, askRequests(new ZipfQuestions()), { seconds }),
      });
  };
  await withServer(
    () => startChildServer(compiled('tools/bench/ceilingServer.ts'), {}, '/'),
    (s) => fixedRun('ceiling: bare node:http, fixed JSON', s),
  );
  await withServer(
    () => startChildServer(compiled('tools/bench/staticFastify.ts'), {}, '/healthz'),
    (s) => fixedRun('static fastify route (JSON + zod, fixed reply)', s),
  );
  const draws = new ZipfQuestions();
  const memory = await withServer(startRealServer, async (server) => {
    const idleKb = server.rssKb();
    let turns = 0;
    // Warm-up (JIT, jieba's first cuts, the cache's first entries): counted as turns, not timed.
    const warm = await load(server.base, 8, askRequests(draws), { amount: 1000 });
    turns += warm['2xx'];
    for (const connections of TURN_CONNECTIONS) {
      const cpuBefore = processCpuMs(server.pid, ticks);
      const result = await load(server.base, connections, askRequests(draws), { seconds });
      const cpu = processCpuMs(server.pid, ticks) - cpuBefore;
      turns += result['2xx'];
      rows.push({
        target: 'POST /api/ask (Zipf questions)',
        connections,
        result,
        cpuMsPerTurn: result['2xx'] > 0 ? cpu / result['2xx'] : undefined,
      });
    }
    if (turns < RSS_TURNS) {
      const rest = await load(server.base, 50, askRequests(draws), { amount: RSS_TURNS - turns });
      turns += rest['2xx'];
    }
    return { idleKb, afterKb: server.rssKb(), turns, errorLines: server.errorLines().length };
  });
  return report(rows, memory, draws, seconds);
}

function report(
  rows: Row[],
  memory: { idleKb?: number; afterKb?: number; turns: number; errorLines: number },
  draws: ZipfQuestions,
  seconds: number,
): string {
  const at = (prefix: string, connections: number) =>
    rows.find((r) => r.target.startsWith(prefix) && r.connections === connections)?.result.requests.average ??
    0;
  const out = [
    ['target', 'conn.', 'req/s', 'p50', 'p99', 'errors', 'non-2xx', 'of ceiling', 'of fastify', 'CPU/turn'],
  ];
  for (const r of rows) {
    const x = r.result;
    const ceiling = at('ceiling', r.connections);
    const fastify = at('static fastify', r.connections);
    out.push([
      r.target,
      String(r.connections),
      x.requests.average.toFixed(0),
      `${x.latency.p50} ms`,
      `${x.latency.p99} ms`,
      String(x.errors + x.timeouts),
      String(x.non2xx),
      ceiling > 0 ? `${((100 * x.requests.average) / ceiling).toFixed(1)}%` : '',
      fastify > 0 ? `${((100 * x.requests.average) / fastify).toFixed(1)}%` : '',
      r.cpuMsPerTurn !== undefined ? `${r.cpuMsPerTurn.toFixed(3)} ms` : '',
    ]);
  }
  const ask50 = rows.find((r) => r.target.startsWith('POST') && r.connections === 50);
  const share = ask50 ? ask50.result.requests.average / Math.max(1, at('ceiling', 50)) : 0;
  const errors = rows
    .filter((r) => r.target.startsWith('POST'))
    .reduce((n, r) => n + r.result.errors + r.result.timeouts + r.result.non2xx, 0);
  const afterMb = (memory.afterKb ?? 0) / 1024;
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return [
    `\n== Turn cost: server CPU per /api/ask turn, HTTP at ${TURN_CONNECTIONS.join('/')} connections, ${seconds} s each ==`,
    table(out),
    `questions: Zipf s=${ZIPF_S} over ${draws.distinct} eval questions, ${Math.round(100 * (1 - RETURNING_SHARE))}% new visitors, ` +
      `${Math.round(100 * REPHRASED_SHARE)}% in one of 40 phrasings; ` +
      `${(100 * draws.repeatShare()).toFixed(1)}% of the server's requests repeated an earlier text.`,
    'CPU/turn: utime+stime of the server process (/proc/<pid>/stat) during that load ÷ 2xx turns.',
    `server RSS: idle ${memory.idleKb ? mb(memory.idleKb * 1024) : '?'}, after ${memory.turns} turns ${memory.afterKb ? mb(memory.afterKb * 1024) : '?'}` +
      (memory.errorLines > 0 ? `; server error log lines: ${memory.errorLines}` : ''),
    `targets: /api/ask ≥ ${100 * TARGET_SHARE}% of the ceiling at 50 conn. — ${(100 * share).toFixed(1)}% ${mark(share >= TARGET_SHARE)}; ` +
      `0 errors — ${errors} ${mark(errors === 0)}; RSS ≤ ${TARGET_RSS_MB} MB after ${RSS_TURNS} turns — ${afterMb.toFixed(0)} MB ${mark(afterMb > 0 && afterMb <= TARGET_RSS_MB)}`,
  ].join('\n');
}
