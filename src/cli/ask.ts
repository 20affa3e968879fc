// npm run ask -- "问题" — one answer plus intent, confidence and the top candidates with
// their scores: the curator's debugging view of the matcher.
import './quietPipe.js';
import { loadKnowledge } from '../knowledge/load.js';
import { defaultKnowledgeDir } from '../knowledge/paths.js';
import { Matcher } from '../matcher/index.js';

const question = process.argv.slice(2).join(' ').trim();
if (!question) {
  console.error('用法 usage: npm run ask -- "异地就医备案怎么办"');
  process.exit(2);
}
const matcher = new Matcher(loadKnowledge(defaultKnowledgeDir));
const r = matcher.match(question, { now: new Date() });
const pct = (n: number) => n.toFixed(3);
console.log(`问题 question : ${r.normalized.masked}`);
console.log(`分词 tokens   : ${r.tokens.join(' / ')}`);
// Sound-alike typos rewritten before segmentation (形台 → 邢台), so the curator sees why.
const fixes = matcher.segmenter.pinyinFixes(r.normalized.text);
if (fixes.length > 0) console.log(`同音纠错 pinyin: ${fixes.map((f) => `${f.from} → ${f.to}`).join('，')}`);
console.log(
  `地区 region   : ${r.policyRegion ?? '-'}   领域词 anchored: ${r.anchored}   覆盖率 coverage: ${pct(r.coverage)}`,
);
console.log(
  `决定 decision : ${r.decision}${r.top ? `  →  ${r.top.entry.id} (${pct(r.top.score)})` : ''}${r.outOfScope ? `  [相邻话题 ${r.outOfScope.id}]` : ''}`,
);
console.log('候选 candidates:');
for (const c of r.candidates.slice(0, 5)) {
  const f = c.features;
  console.log(
    `  ${pct(c.score)}  ${c.entry.id.padEnd(32)} overlap ${pct(f.overlap)} bm25 ${pct(f.bm25)} chars ${pct(f.chars)} region ${c.regionEffect >= 0 ? '+' : ''}${c.regionEffect.toFixed(2)}  「${c.entry.question}」`,
  );
}
