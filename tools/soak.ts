// npm run soak — mixed traffic for N minutes (default 5; --minutes=N) against the real server
// in its own process on loopback: FAQ questions, multi-turn dialogs that must reach their
// outcome, WeChat messages with WeChat's retries, staff searches (when those routes exist).
// Reports errors, turns sent vs. answered, and the server's RSS growth after warm-up
// (/proc/<pid>/status VmRSS); exits 1 when a target is missed. Stops by itself.
import '../src/cli/quietPipe.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIALOG_SCRIPTS, type DialogScript } from './bench/dialogScripts.js';
import { startRealServer, WECHAT_BENCH_TOKEN } from './bench/http.js';
import { singleTurnQuestions } from './bench/questions.js';
import { machineLine } from './bench/sideBySide.js';
import { summarize, table } from './bench/stats.js';
import type { ChildServer } from './harness/childServer.js';
import { signedWechatPath, wechatTextXml } from './harness/wechatRequest.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const MINUTES = Number(arg('minutes') ?? 5);
const STORAGE = arg('storage') ?? 'sqlite';
const CONCURRENCY = Number(arg('concurrency') ?? 8);
const TIMEOUT_MS = 10_000;
/** RSS growth allowed between the end of warm-up and the end of the run. */
const RSS_TARGET = 0.1;

interface Counters {
  turnsSent: number;
  turnsAnswered: number;
  errors: string[];
  errorCount: number;
  latencies: number[];
  faq: number;
  dialogs: { run: number; reached: number };
  wechat: { messages: number; retries: number; retriesSame: number; dialogs: number; reached: number };
  searches: number;
}

const c: Counters = {
  turnsSent: 0,
  turnsAnswered: 0,
  errors: [],
  errorCount: 0,
  latencies: [],
  faq: 0,
  dialogs: { run: 0, reached: 0 },
  wechat: { messages: 0, retries: 0, retriesSame: 0, dialogs: 0, reached: 0 },
  searches: 0,
};

function fail(message: string): void {
  c.errorCount += 1;
  if (c.errors.length < 20) c.errors.push(message.slice(0, 400));
}

async function timed(url: string, init: RequestInit): Promise<{ status: number; text: string } | undefined> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await res.text();
    c.latencies.push(performance.now() - started);
    return { status: res.status, text };
  } catch (error) {
    fail(`${init.method ?? 'GET'} ${url}: ${(error as Error).message}`);
    return undefined;
  }
}

/** One /api/ask turn; the replies joined, or undefined (counted as an error). */
async function ask(server: ChildServer, user: string, text: string): Promise<string | undefined> {
  c.turnsSent += 1;
  const r = await timed(`${server.base}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, text }),
  });
  if (!r) return undefined;
  if (r.status !== 200) return void fail(`/api/ask “${text}” → ${r.status} ${r.text.slice(0, 200)}`);
  const replies = (JSON.parse(r.text) as { replies: string[] }).replies;
  if (replies.length === 0 || replies.some((x) => x.trim() === ''))
    return void fail(`/api/ask “${text}” → no reply`);
  c.turnsAnswered += 1;
  return replies.join('\n');
}

async function dialog(server: ChildServer, script: DialogScript, user: string): Promise<void> {
  c.dialogs.run += 1;
  for (const [i, step] of script.steps.entries()) {
    const reply = await ask(server, user, step.say);
    if (reply === undefined) return;
    const missing = step.contains.filter((x) => !reply.includes(x));
    if (missing.length > 0)
      return fail(
        `dialog “${script.name}” step ${i + 1} “${step.say}”: missing “${missing[0]}” in: ${reply.slice(0, 200)}`,
      );
  }
  c.dialogs.reached += 1;
}

const contentOf = (xml: string) => /<Content><!\[CDATA\[([\s\S]*)\]\]><\/Content>/.exec(xml)?.[1] ?? xml;
let msgId = Date.now() * 1000;

/** One WeChat message, then (like WeChat without an answer in 5 s) the same message again. */
async function wechat(
  server: ChildServer,
  openid: string,
  text: string,
  retry: boolean,
): Promise<string | undefined> {
  const id = String(++msgId);
  const send = async () =>
    timed(
      `${server.base}${signedWechatPath(WECHAT_BENCH_TOKEN, `s${id}${randomBytes(3).toString('hex')}`, openid)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: wechatTextXml(openid, text, id),
      },
    );
  c.turnsSent += 1;
  c.wechat.messages += 1;
  const first = await send();
  if (!first) return undefined;
  if (first.status !== 200)
    return void fail(`/wechat “${text}” → ${first.status} ${first.text.slice(0, 200)}`);
  c.turnsAnswered += 1;
  if (retry) {
    c.wechat.retries += 1;
    const again = await send();
    if (again?.status !== 200) return void fail(`/wechat retry “${text}” → ${again?.status}`);
    if (contentOf(again.text) === contentOf(first.text)) c.wechat.retriesSame += 1;
    else fail(`/wechat retry “${text}” answered differently: ${contentOf(again.text).slice(0, 120)}`);
  }
  return contentOf(first.text);
}

/** A dialog over WeChat, every message retried once: the retry must not count as an answer. */
async function wechatDialog(server: ChildServer, script: DialogScript, openid: string): Promise<void> {
  c.wechat.dialogs += 1;
  for (const [i, step] of script.steps.entries()) {
    const reply = await wechat(server, openid, step.say, true);
    if (reply === undefined) return;
    // A passive reply is cut at 2048 bytes: check what each reply starts with.
    const first = step.contains[0] ?? '';
    if (!reply.includes(first))
      return fail(`wechat dialog “${script.name}” step ${i + 1}: missing “${first}”`);
  }
  c.wechat.reached += 1;
}

async function search(server: ChildServer, q: string): Promise<void> {
  c.searches += 1;
  const r = await timed(`${server.base}/api/search?q=${encodeURIComponent(q)}`, {});
  if (r && r.status !== 200) fail(`/api/search “${q}” → ${r.status}`);
}

async function routesOf(server: ChildServer): Promise<{ wechat: boolean; search: boolean }> {
  const w = await fetch(`${server.base}${signedWechatPath(WECHAT_BENCH_TOKEN, 'probe', 'oProbe')}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: '<xml></xml>',
  });
  const s = await fetch(`${server.base}/api/search?q=${encodeURIComponent('备案')}`);
  return { wechat: w.status !== 404, search: s.status === 200 };
}

async function main(): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), 'yidi-soak-'));
  const server = await startRealServer({
    STORAGE,
    STATE_DIR: stateDir,
    USER_HASH_SALT: randomBytes(16).toString('hex'),
  });
  const routes = await routesOf(server);
  const questions = singleTurnQuestions();
  const searches = questions.filter((q) => q.set === 'dev').map((q) => q.text.slice(0, 12));
  const durationMs = MINUTES * 60_000;
  // Caches, V8's heap and the allocator fill up in the first minute under load (measured: RSS
  // climbs for ~50 s, then plateaus); growth is measured from the end of that warm-up.
  const warmupMs = Math.min(durationMs * 0.5, Math.max(60_000, durationMs * 0.25));
  const started = Date.now();
  const samples: Array<{ t: number; kb: number }> = [];
  const sampler = setInterval(
    () => {
      const kb = server.rssKb();
      if (kb !== undefined) samples.push({ t: Date.now() - started, kb });
    },
    Math.min(5000, Math.max(1000, durationMs / 60)),
  );
  let n = 0;
  const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
  const worker = async (w: number) => {
    while (Date.now() - started < durationMs) {
      n += 1;
      const roll = Math.random();
      const q = pick(questions).text;
      if (roll < 0.45) {
        c.faq += 1;
        await ask(server, `soak-faq-${n % 300}`, q);
      } else if (roll < 0.7) {
        await dialog(server, pick(DIALOG_SCRIPTS), `soak-dialog-${w}-${n}`);
      } else if (roll < 0.85 && routes.wechat) {
        if (Math.random() < 0.3)
          await wechatDialog(server, DIALOG_SCRIPTS[0] as DialogScript, `oSoakDlg${w}x${n}`);
        else await wechat(server, `oSoak${n % 300}`, q, Math.random() < 0.3);
      } else if (routes.search) {
        await search(server, pick(searches));
      } else {
        await ask(server, `soak-faq-${n % 300}`, q);
      }
    }
  };
  console.log(
    `soak: ${MINUTES} min, ${CONCURRENCY} concurrent clients, STORAGE=${STORAGE}, server pid ${server.pid} at ${server.base}` +
      ` (wechat: ${routes.wechat ? 'on' : 'no route'}, staff search: ${routes.search ? 'on' : 'no route'})`,
  );
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  } finally {
    clearInterval(sampler);
    const logged = server.errorLines();
    for (const line of logged) fail(`server log: ${line}`);
    await server.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
  report(samples, warmupMs, durationMs);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function report(samples: Array<{ t: number; kb: number }>, warmupMs: number, durationMs: number): void {
  const window = Math.max(5000, durationMs * 0.05);
  const afterWarmup = samples.filter((s) => s.t >= warmupMs && s.t < warmupMs + window).map((s) => s.kb);
  const atEnd = samples.filter((s) => s.t >= durationMs - window).map((s) => s.kb);
  const base = median(afterWarmup);
  const end = median(atEnd);
  const growth = (end - base) / base;
  const lat = summarize(c.latencies);
  const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
  const ok = (pass: boolean) => (pass ? 'ok' : 'MISSED');
  const rows = [
    ['measure', 'value', 'target'],
    ['requests (all kinds)', String(c.latencies.length), ''],
    [
      'errors (non-2xx, timeouts, wrong replies, server error logs)',
      String(c.errorCount),
      `0 — ${ok(c.errorCount === 0)}`,
    ],
    [
      'turns sent / answered',
      `${c.turnsSent} / ${c.turnsAnswered}`,
      `equal — ${ok(c.turnsSent === c.turnsAnswered)}`,
    ],
    ['FAQ questions', String(c.faq), ''],
    [
      'dialogs run / reached their outcome',
      `${c.dialogs.run} / ${c.dialogs.reached}`,
      `all — ${ok(c.dialogs.run === c.dialogs.reached)}`,
    ],
    [
      'WeChat messages / retries answered identically',
      `${c.wechat.messages} / ${c.wechat.retriesSame} of ${c.wechat.retries}`,
      ok(c.wechat.retries === c.wechat.retriesSame),
    ],
    [
      'WeChat dialogs (every message retried) / reached',
      `${c.wechat.dialogs} / ${c.wechat.reached}`,
      ok(c.wechat.dialogs === c.wechat.reached),
    ],
    ['staff searches', String(c.searches), ''],
    ['latency p50 / p99 (all requests)', `${lat.p50.toFixed(1)} / ${lat.p99.toFixed(1)} ms`, ''],
    ['server RSS after warm-up → at the end (median)', `${mb(base)} → ${mb(end)}`, ''],
    [
      'RSS growth after warm-up',
      `${(100 * growth).toFixed(1)}%`,
      `< ${100 * RSS_TARGET}% — ${ok(growth < RSS_TARGET)}`,
    ],
    ['RSS max', mb(Math.max(...samples.map((s) => s.kb))), ''],
  ];
  console.log(`\nyidi-bot soak — ${new Date().toISOString()} — ${machineLine()}`);
  console.log(table(rows));
  // The trajectory tells a plateau (allocator and caches filling up) from a steady climb (a leak).
  const step = Math.max(1, Math.floor(samples.length / 20));
  const series = samples
    .filter((_, i) => i % step === 0)
    .map((s) => `${Math.round(s.t / 1000)}s ${mb(s.kb)}`);
  console.log(`server RSS over time: ${series.join(', ')}`);
  if (c.errors.length > 0) console.log(`first errors:\n  ${c.errors.join('\n  ')}`);
  const passed =
    c.errorCount === 0 &&
    c.turnsSent === c.turnsAnswered &&
    c.dialogs.run === c.dialogs.reached &&
    c.wechat.dialogs === c.wechat.reached &&
    c.wechat.retries === c.wechat.retriesSame &&
    growth < RSS_TARGET;
  process.exitCode = passed ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
