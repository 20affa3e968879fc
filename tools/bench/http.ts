// HTTP throughput on loopback with autocannon (a devDependency, imported here only): the
// real server (node dist/src/main.js in its own process, in-memory storage, rate limits
// off) against a bare node:http server returning a fixed JSON — the machine's ceiling.
import { randomBytes } from 'node:crypto';
import type { AutocannonRequest, AutocannonResult } from 'autocannon';
import { type ChildServer, startChildServer } from '../harness/childServer.js';
import { compiled } from '../harness/compiled.js';
import { signedWechatPath, wechatTextXml } from '../harness/wechatRequest.js';
import { singleTurnQuestions } from './questions.js';

export const CONNECTIONS = 50;
export const WECHAT_BENCH_TOKEN = 'yidibench2026';

export const SERVER_ENV = {
  NODE_ENV: 'production',
  STORAGE: 'memory',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_IP_PER_MIN: '0',
  RATE_LIMIT_PER_USER_PER_MIN: '0',
  WECHAT_TOKEN: WECHAT_BENCH_TOKEN,
  // Production requires a salt for the turn log's user hashes.
  USER_HASH_SALT: randomBytes(16).toString('hex'),
};

export const startRealServer = (env: Record<string, string> = {}) =>
  startChildServer(compiled('src/main.ts'), { ...SERVER_ENV, ...env });

export interface HttpRow {
  target: string;
  /** When not CONNECTIONS (no ratio to the ceiling then). */
  connections?: number;
  result?: AutocannonResult;
  note?: string;
}

/** Questions and users rotating over all connections (each request a new pair). */
function askRequests(): AutocannonRequest[] {
  const texts = singleTurnQuestions().map((q) => q.text);
  let n = 0;
  return [
    {
      method: 'POST',
      path: '/api/ask',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        n += 1;
        return { ...req, body: JSON.stringify({ user: `load-${n % 2000}`, text: texts[n % texts.length] }) };
      },
    },
  ];
}

function wechatRequests(): AutocannonRequest[] {
  const texts = singleTurnQuestions().map((q) => q.text);
  let n = 0;
  return [
    {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      setupRequest: (req) => {
        n += 1;
        const openid = `oBench${n % 2000}`;
        return {
          ...req,
          path: signedWechatPath(WECHAT_BENCH_TOKEN, `n${n}`, openid),
          body: wechatTextXml(openid, texts[n % texts.length] ?? '', String(1e12 + n)),
        };
      },
    },
  ];
}

async function load(
  url: string,
  seconds: number,
  requests: AutocannonRequest[],
  connections = CONNECTIONS,
): Promise<AutocannonResult> {
  const { default: autocannon } = await import('autocannon');
  return autocannon({ url, connections, duration: seconds, timeout: 10, requests });
}

/** Whether the server has the plain-mode WeChat route (a signed empty body is a 4xx, not 404). */
async function hasWechat(server: ChildServer): Promise<boolean> {
  const res = await fetch(`${server.base}${signedWechatPath(WECHAT_BENCH_TOKEN, 'probe', 'oProbe')}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: '<xml></xml>',
  });
  return res.status !== 404;
}

export async function httpBench(seconds: number): Promise<HttpRow[]> {
  const rows: HttpRow[] = [];
  const ceiling = await startChildServer(compiled('tools/bench/ceilingServer.ts'), {}, '/');
  try {
    rows.push({
      target: `ceiling: bare node:http, fixed JSON, ${CONNECTIONS} conn.`,
      result: await load(ceiling.base, seconds, askRequests()),
    });
  } finally {
    await ceiling.stop();
  }
  const server = await startRealServer();
  try {
    // Warm-up (JIT, caches), not recorded.
    await load(server.base, Math.min(3, seconds), askRequests());
    rows.push({
      target: `POST /api/ask, ${CONNECTIONS} conn. (rotating questions, 2000 users)`,
      result: await load(server.base, seconds, askRequests()),
    });
    // Fewer clients at a time: latency with less queueing (autocannon's fixed-rate mode sends
    // in bursts once a second, so a closed loop with fewer connections is the fairer measure).
    for (const connections of [8, 1]) {
      rows.push({
        target: `POST /api/ask, ${connections} conn.`,
        result: await load(server.base, seconds, askRequests(), connections),
        connections,
      });
    }
    if (await hasWechat(server)) {
      rows.push({
        target: `POST /wechat plain mode (signed), ${CONNECTIONS} conn.`,
        result: await load(server.base, seconds, wechatRequests()),
      });
    } else {
      rows.push({ target: 'POST /wechat plain mode', note: 'skipped: no /wechat route in this build' });
    }
    const errors = server.errorLines();
    if (errors.length > 0) rows.push({ target: 'server error log lines', note: String(errors.length) });
  } finally {
    await server.stop();
  }
  return rows;
}

export function httpTable(rows: HttpRow[]): string[][] {
  const ceiling = rows[0]?.result?.requests.average ?? 0;
  const out = [['target', 'req/s', 'p50', 'p99', 'errors', 'timeouts', 'non-2xx', 'of ceiling']];
  for (const r of rows) {
    if (!r.result) {
      out.push([r.target, r.note ?? '', '', '', '', '', '', '']);
      continue;
    }
    const x = r.result;
    out.push([
      r.target,
      x.requests.average.toFixed(0),
      `${x.latency.p50} ms`,
      `${x.latency.p99} ms`,
      String(x.errors),
      String(x.timeouts),
      String(x.non2xx),
      ceiling > 0 && r.connections === undefined
        ? `${((100 * x.requests.average) / ceiling).toFixed(1)}%`
        : '',
    ]);
  }
  return out;
}

/** The /api/ask targets: ≥ 30% of the ceiling, zero errors, p99 < 20 ms (at 50 connections). */
export function httpVerdict(rows: HttpRow[]): string {
  const ceiling = rows[0]?.result?.requests.average ?? 0;
  const ask = rows.find((r) => r.target.startsWith('POST /api/ask') && r.connections === undefined)?.result;
  if (!ask || ceiling === 0) return 'targets: not measured';
  const share = ask.requests.average / ceiling;
  const errors = ask.errors + ask.timeouts + ask.non2xx;
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return (
    `/api/ask targets at ${CONNECTIONS} connections: ≥ 30% of the ceiling — ${(100 * share).toFixed(1)}% ${mark(share >= 0.3)}; ` +
    `zero errors — ${errors} ${mark(errors === 0)}; p99 < 20 ms — ${ask.latency.p99} ms ${mark(ask.latency.p99 < 20)}`
  );
}
