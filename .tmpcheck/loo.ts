import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { loadKnowledge } from '../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../src/knowledge/paths.js';
import { Matcher } from '../src/matcher/index.js';
import type { Knowledge } from '../src/knowledge/types.js';

const mode = process.argv[2] ?? 'base'; // base | loo
const addDir = '/tmp/paraadd';
const adds: Record<string, string[]> = {};
for (const f of readdirSync(addDir)) if (f.endsWith('.yaml')) Object.assign(adds, parse(readFileSync(`${addDir}/${f}`, 'utf8')));
const base = loadKnowledge(defaultKnowledgeDir);
for (const id of Object.keys(adds)) if (!base.entryById.has(id)) console.log('UNKNOWN ID', id);

function build(except?: { id: string; p: string }): Matcher {
  const entries = base.entries.map((e) => {
    const extra = mode === 'base' ? [] : (adds[e.id] ?? []).filter((p) => !(except && except.id === e.id && except.p === p));
    return { ...e, paraphrases: [...e.paraphrases, ...extra] };
  });
  const k: Knowledge = { ...base, entries, entryById: new Map(entries.map((e) => [e.id, e])) };
  return new Matcher(k);
}
const t0 = Date.now();
let ok = 0, n = 0;
const baseM = mode === 'base' ? build() : undefined;
for (const [id, ps] of Object.entries(adds)) {
  for (const p of ps) {
    const m = baseM ?? build({ id, p });
    const r = m.match(p, { now: new Date() });
    n++;
    const top = r.candidates[0];
    const rankOwn = r.candidates.findIndex((c) => c.entry.id === id);
    if (top?.entry.id === id) { ok++; if (process.argv[3] === 'all') console.log(`OK   ${id}  ${p}  ${top.score.toFixed(3)} ${r.decision}`); continue; }
    const own = r.candidates[rankOwn];
    console.log(`MISS ${id}  「${p}」 → ${top?.entry.id} ${top?.score.toFixed(3)} | own rank ${rankOwn} ${own?.score.toFixed(3) ?? '-'} | ${r.decision}`);
  }
}
console.log(`${ok}/${n} top1  (${Date.now() - t0}ms)`);
