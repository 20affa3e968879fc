import { loadKnowledge } from '../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../src/knowledge/paths.js';
import { Matcher } from '../src/matcher/index.js';
const m = new Matcher(loadKnowledge(defaultKnowledgeDir));
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const r1 = m.match(args[i], { now: new Date() });
  const r = m.match(args[i+1], { now: new Date(), contextTokens: r1.salient, knownRegion: r1.policyRegion, inDomain: r1.anchored });
  console.log(`[${r1.top?.entry.id}] ${args[i+1]} → ${r.decision} ${r.candidates.slice(0,3).map(c=>`${c.entry.id}(${c.score.toFixed(2)})`).join('  ')}`);
}
