// npm run lookup -- 关键词 [--region 江门] [--limit 5] [--json] — the staff lookup in a
// terminal: the same ranked FAQ entries, phone rows and channels as GET /api/search.
import './quietPipe.js';
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../knowledge/load.js';
import { defaultKnowledgeDir } from '../knowledge/paths.js';
import { parseLookupParams } from '../lookup/params.js';
import { type SearchResponse, type SearchResult, StaffSearch } from '../lookup/search.js';
import { Matcher } from '../matcher/index.js';

const USAGE = `用法 usage: npm run lookup -- 关键词 [--region 江门] [--limit 5] [--json]
  --region, -r  只看某地区（地区名或 id）及其上级、下级和全国的条目 / filter by region
  --limit, -n   最多显示几条（1–50，默认10） / number of results
  --json        输出 JSON（与 GET /api/search 相同） / print the API's JSON`;

const KIND_LABEL: Record<SearchResult['kind'], string> = { faq: '问答', phone: '电话', channel: '渠道' };

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function readArgs() {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        region: { type: 'string', short: 'r' },
        limit: { type: 'string', short: 'n' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    return fail(`参数有误 / bad arguments: ${(err as Error).message}`);
  }
}

/** Matched terms in bold yellow when printing to a terminal that wants colour. */
function emphasize(text: string, terms: string[], colour: boolean): string {
  const list = terms.filter(Boolean).sort((a, b) => b.length - a.length);
  if (!colour || list.length === 0) return text;
  const pattern = new RegExp(list.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
  return text.replace(pattern, (m) => `\x1b[1;33m${m}\x1b[0m`);
}

function print(response: SearchResponse, search: StaffSearch, colour: boolean): void {
  const where = response.region ? `，地区：${response.region.name}` : '';
  if (response.results.length === 0) {
    console.log(`查询「${response.query}」${where}：没有找到相关内容，换个关键词试试。`);
    return;
  }
  console.log(`查询「${response.query}」${where}：找到 ${response.results.length} 条\n`);
  response.results.forEach((r, i) => {
    const terms = search.spellings(r.matched);
    const indent = (text: string) =>
      text
        .split('\n')
        .map((line) => `   ${line}`)
        .join('\n');
    console.log(`${i + 1}. [${KIND_LABEL[r.kind]}] ${emphasize(r.question, terms, colour)}`);
    console.log(
      `   地区：${r.region.name}　匹配度：${r.score.toFixed(2)}　命中：${r.matched.join('、')}　编号：${r.id}`,
    );
    console.log(indent(emphasize(r.answer, terms, colour)));
    for (const s of r.sources) console.log(`   原文（《${s.title}》${s.date}）：“${s.quote}”`);
    if (r.related.length > 0)
      console.log(`   相关：${r.related.map((x) => `${x.question}（${x.id}）`).join('；')}`);
    console.log('');
  });
}

const { values, positionals } = readArgs();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const knowledge = loadKnowledge(defaultKnowledgeDir);
const parsed = parseLookupParams(knowledge, {
  q: positionals.join(' '),
  region: values.region,
  limit: values.limit,
});
if (!parsed.ok) fail(parsed.error);
const search = new StaffSearch(knowledge, new Matcher(knowledge));
const { q, region, limit } = parsed.params;
const response = search.search(q, { region, limit });
if (values.json) console.log(JSON.stringify({ ...response, total: response.results.length }, null, 2));
else print(response, search, process.stdout.isTTY === true && !process.env.NO_COLOR);
