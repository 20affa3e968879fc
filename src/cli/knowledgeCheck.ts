// npm run knowledge:check — validate knowledge/ and print what it holds.
import './quietPipe.js';
import { selfConsistency } from '../evaluation/selfConsistency.js';
import { formatProblem, KnowledgeError, loadKnowledge } from '../knowledge/load.js';
import { defaultKnowledgeDir, findSeedsDir } from '../knowledge/paths.js';
import { Matcher } from '../matcher/index.js';
import { printAuthorityOverlaps, printCoverage } from './coverageReport.js';
import { reportWechatMenu } from './wechatMenuCheck.js';

const dir = process.argv[2] ?? defaultKnowledgeDir;
const seedsDir = findSeedsDir();
try {
  const k = loadKnowledge(dir);
  const count = <T>(items: T[], key: (t: T) => string) => {
    const m = new Map<string, number>();
    for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
    return [...m].map(([name, n]) => `${name} ${n}`).join('，');
  };
  const paraphrases = k.entries.reduce((n, e) => n + e.paraphrases.length, 0);
  console.log(`知识库检查通过 (knowledge OK): ${dir}`);
  console.log(`  问答条目 entries: ${k.entries.length}（问法 paraphrases ${paraphrases}）`);
  console.log(`  按文件 by file: ${count(k.entries, (e) => k.entryFile.get(e.id) ?? '?')}`);
  console.log(`  按主题 by topic: ${count(k.entries, (e) => e.topic)}`);
  console.log(`  按地区 by region: ${count(k.entries, (e) => e.region)}`);
  console.log(
    `  人员类别 categories: ${k.categories.categories.length}，地方分类 local classes: ${k.categories.schemes.reduce((n, s) => n + s.classes.length, 0)}`,
  );
  console.log(
    `  材料清单 material sets: ${k.materials.length}，渠道 channels: ${k.channels.size}，电话 phone rows: ${k.contacts.reduce((n, t) => n + t.rows.length, 0)}`,
  );
  console.log(
    `  地名 regions: ${k.regions.size}，词典 user words: ${k.lexicon.userWords.length}，同义词组 synonym groups: ${Object.keys(k.lexicon.synonyms).length}，错别字 typos: ${Object.keys(k.lexicon.typos).length}`,
  );
  console.log(
    seedsDir
      ? `  引文已对照原文核对 (quotes checked against ${seedsDir})`
      : '  未找到 ../shared/seeds，跳过引文核对 (seeds not found: quote check skipped)',
  );
  if (seedsDir) printCoverage(k, seedsDir);
  printAuthorityOverlaps(k);
  for (const w of k.warnings ?? []) console.log(`警告 warning:${formatProblem(w).slice(3)}`);
  if (!reportWechatMenu(k)) process.exit(1);
  // Informational, not an error: the list is the curators' to-do (merge, link or reword).
  const misses = selfConsistency(k, new Matcher(k), new Date());
  const asked = k.entries.length + paraphrases;
  console.log(
    `  自洽检查 self-consistency: ${asked - misses.length} / ${asked} 个问法单独提问时找到自己的条目`,
  );
  for (const m of misses)
    console.log(
      `  未找到自己的条目 (${m.outcome}) ${m.entryId}: ${m.question} → ${m.got.join(', ') || '兜底'}`,
    );
} catch (err) {
  if (err instanceof KnowledgeError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
