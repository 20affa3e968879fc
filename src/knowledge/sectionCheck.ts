// A citation of a national document names the region of the passage it quotes: a quote inside
// the document's Guangdong section (sources.yaml sections) carries `region: guangdong`, any
// other quote none. Checked against the seed, so a source line never calls a national rule
// 广东省 — nor a Guangdong form 全国.
import { compact } from '../text/normalize.js';
import { quoteRefs } from './coverage.js';
import type { Knowledge, Problem } from './types.js';

/** seeds: compact text of each seed file (as crossCheck loads them). */
export function sectionProblems(k: Knowledge, seeds: Map<string, string>): Problem[] {
  const problems: Problem[] = [];
  const ranges = new Map<string, Array<{ region: string; start: number; end: number }>>();
  for (const doc of k.sources.values()) {
    const seed = seeds.get(doc.file);
    if (seed === undefined) continue;
    const list = [];
    for (const [i, s] of doc.sections.entries()) {
      const start = seed.indexOf(compact(s.from));
      const end = start < 0 ? -1 : seed.indexOf(compact(s.to), start);
      if (!doc.covers.includes(s.region))
        problems.push({
          file: 'sources.yaml',
          entry: doc.id,
          field: `sections[${i}].region`,
          message: `"${s.region}" 不在 covers 中 (not in covers)`,
        });
      if (start < 0 || end < 0)
        problems.push({
          file: 'sources.yaml',
          entry: doc.id,
          field: `sections[${i}]`,
          message: `在 ${doc.file} 中找不到段落的起止文字 (from/to not found)`,
        });
      else list.push({ region: s.region, start, end });
    }
    ranges.set(doc.id, list);
  }
  for (const ref of quoteRefs(k)) {
    const doc = k.sources.get(ref.doc);
    const seed = doc ? seeds.get(doc.file) : undefined;
    const list = ranges.get(ref.doc);
    if (!doc || seed === undefined || !list) continue;
    const at = seed.indexOf(compact(ref.quote));
    if (at < 0) continue; // reported by the quote check
    const region = list.find((r) => at >= r.start && at < r.end)?.region;
    if (region === ref.region) continue;
    const [head, id] = ref.owner.split('/');
    const file = head === 'faq' ? (k.entryFile.get(id ?? '') ?? 'faq/') : (head ?? '');
    problems.push({
      file,
      entry: id,
      field: `quote “${ref.quote}”`,
      message: region
        ? `这段引文在《${doc.title}》的${k.regions.get(region)?.name ?? region}部分，请在这条引文里写 region: ${region} (the quote is in the ${region} section)`
        : `这段引文不在任何地区部分，请去掉 region (the quote is in the national part)`,
    });
  }
  return problems;
}
