import { loadKnowledge } from '../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../src/knowledge/paths.js';
import { Matcher } from '../src/matcher/index.js';
const m = new Matcher(loadKnowledge(defaultKnowledgeDir));
for (const q of process.argv.slice(2)) {
  const r = m.match(q, { now: new Date() });
  console.log(`${r.decision.padEnd(8)} ${q}  →  ${r.candidates.slice(0,3).map(c=>`${c.entry.id}(${c.score.toFixed(2)})`).join('  ')}`);
}
