import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { loadKnowledge } from '../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../src/knowledge/paths.js';
import { Matcher } from '../src/matcher/index.js';
import type { Knowledge } from '../src/knowledge/types.js';

const adds: Record<string, string[]> = {};
for (const f of readdirSync('/tmp/paraadd')) if (f.endsWith('.yaml')) Object.assign(adds, parse(readFileSync(`/tmp/paraadd/${f}`, 'utf8')));
const newK = loadKnowledge(defaultKnowledgeDir);
const oldK = loadKnowledge('/tmp/kb-orig');
function without(k: Knowledge, id: string, p: string): Matcher {
  const entries = k.entries.map((e) => e.id !== id ? e : { ...e, paraphrases: e.paraphrases.filter((x) => x !== p), question: e.question === p ? '（占位）' : e.question });
  return new Matcher({ ...k, entries, entryById: new Map(entries.map((e) => [e.id, e])) });
}
const top = (m: Matcher, p: string) => { const r = m.match(p, { now: new Date() }); return { id: r.candidates[0]?.entry.id, s: r.candidates[0]?.score ?? 0, d: r.decision }; };
const which = process.argv[2];
if (which === 'new') {
  let ok = 0, n = 0;
  for (const [id, ps] of Object.entries(adds)) for (const p of ps) {
    n++; const t = top(without(newK, id, p), p);
    if (t.id === id) ok++; else console.log(`LOO-MISS ${id} 「${p}」 → ${t.id} ${t.s.toFixed(3)} ${t.d}`);
  }
  console.log(`new LOO ${ok}/${n}`);
} else {
  let okOld = 0, okNew = 0, n = 0;
  for (const e of oldK.entries) for (const p of [e.question, ...e.paraphrases]) {
    n++;
    const a = top(without(oldK, e.id, p), p); const b = top(without(newK, e.id, p), p);
    if (a.id === e.id) okOld++; if (b.id === e.id) okNew++;
    if (a.id === e.id && b.id !== e.id) console.log(`REGRESS ${e.id} 「${p}」 → ${b.id} ${b.s.toFixed(3)}`);
    if (a.id !== e.id && b.id === e.id) console.log(`FIXED   ${e.id} 「${p}」 (was ${a.id})`);
  }
  console.log(`orig utterances LOO: before ${okOld}/${n}, after ${okNew}/${n}`);
}
