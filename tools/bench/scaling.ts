// The knowledge-scaling table of `npm run bench` (issue 14): the knowledge copied ×1, ×5, ×20
// (tools/bench/scaledKnowledge.ts) — start-up (building the app on loaded knowledge), the
// matcher alone, and `/api/ask` through the real server (its own process) on loopback; every
// question asked once (no repeated question, so no cache can answer it). `npm run bench -- --only scaling`.
import { createMemoryApp } from '../../src/app.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import type { Knowledge } from '../../src/knowledge/types.js';
import { startRealServer } from './http.js';
import { singleTurnQuestions } from './questions.js';
import { scaledKnowledge, scaledKnowledgeDir } from './scaledKnowledge.js';
import { ms, summarize, table } from './stats.js';

export const SCALES = [1, 5, 20];

export interface ScaleRow {
  factor: number;
  entries: number;
  startupMs: number;
  matcher: { p50: number; p99: number };
  ask: { p50: number; p99: number };
}

const elapsed = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

async function measure(base: Knowledge, factor: number, questions: string[]): Promise<ScaleRow> {
  const knowledge = scaledKnowledge(base, factor);
  let t = process.hrtime.bigint();
  const app = createMemoryApp({ knowledge });
  const startupMs = elapsed(t);
  // Warm-up on the knowledge's own questions (never the timed ones): JIT, jieba, lazy tables.
  for (const e of base.entries.slice(0, 40)) app.matcher.match(e.question, { now: new Date() });
  const matcherTimes: number[] = [];
  for (const q of questions) {
    t = process.hrtime.bigint();
    app.matcher.match(q, { now: new Date() });
    matcherTimes.push(elapsed(t));
  }
  // /api/ask: the compiled server in its own process, on the same knowledge written as YAML.
  const scaled = scaledKnowledgeDir(defaultKnowledgeDir, factor);
  const server = await startRealServer({ KNOWLEDGE_DIR: scaled.dir });
  const url = `${server.base}/api/ask`;
  const ask = async (user: string, text: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, text }),
    });
    if (res.status !== 200) throw new Error(`/api/ask ${res.status}`);
    await res.arrayBuffer();
  };
  const askTimes: number[] = [];
  try {
    for (const e of base.entries.slice(0, 20)) await ask('warm', e.question);
    // A fresh user per question and each question once: the turn is computed, never replayed.
    let n = 0;
    for (const q of questions) {
      t = process.hrtime.bigint();
      await ask(`scale-${factor}-${n++}`, q);
      askTimes.push(elapsed(t));
    }
  } finally {
    await server.stop();
    scaled.remove();
  }
  const m = summarize(matcherTimes);
  const a = summarize(askTimes);
  return {
    factor,
    entries: knowledge.entries.length,
    startupMs,
    matcher: { p50: m.p50, p99: m.p99 },
    ask: { p50: a.p50, p99: a.p99 },
  };
}

export async function scalingRows(scales = SCALES): Promise<ScaleRow[]> {
  const base = loadKnowledge(defaultKnowledgeDir);
  const questions = [...new Set(singleTurnQuestions().map((q) => q.text))];
  const rows: ScaleRow[] = [];
  for (const f of scales) rows.push(await measure(base, f, questions));
  return rows;
}

export async function scalingTable(scales = SCALES): Promise<string> {
  const rows = await scalingRows(scales);
  const one = rows[0] as ScaleRow;
  const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}×`;
  const out = [
    [
      'knowledge',
      'entries',
      'start-up',
      'matcher p50',
      'matcher p99',
      '/api/ask p50',
      '/api/ask p99',
      'matcher p50 vs ×1',
      '/api/ask p50 vs ×1',
    ],
    ...rows.map((r) => [
      `×${r.factor}`,
      String(r.entries),
      ms(r.startupMs),
      ms(r.matcher.p50),
      ms(r.matcher.p99),
      ms(r.ask.p50),
      ms(r.ask.p99),
      ratio(r.matcher.p50, one.matcher.p50),
      ratio(r.ask.p50, one.ask.p50),
    ]),
  ];
  return [
    '\n== Knowledge scaling (every FAQ entry copied with a marker word; each question asked once) ==',
    table(out),
    'Targets (issue 14): ×20 costs ≤ 3× the matcher p50 of ×1 and ≤ 1.5× the /api/ask p50.',
  ].join('\n');
}
