// knowledge:check's coverage report: reads the seeds and prints every on-topic paragraph with
// the entries citing it; uncovered paragraphs are marked (src/knowledge/coverage.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverageReport, formatCoverage } from '../knowledge/coverage.js';
import type { Knowledge } from '../knowledge/types.js';
import { unlinkedOverlaps } from '../matcher/authorityOverlap.js';
import { Matcher } from '../matcher/index.js';

export function printCoverage(k: Knowledge, seedsDir: string): void {
  const texts = new Map<string, string>();
  for (const doc of k.sources.values()) {
    const path = join(seedsDir, doc.file);
    if (existsSync(path)) texts.set(doc.file, readFileSync(path, 'utf8'));
  }
  const settings = k.sourceCoverage ?? { minChars: 14, headingMaxChars: 40 };
  for (const line of formatCoverage(coverageReport(k, texts, settings))) console.log(line);
}

/** Official and forum entries answering the same question without a link (experienceOf / related). */
export function printAuthorityOverlaps(k: Knowledge): void {
  const overlaps = unlinkedOverlaps(new Matcher(k), new Date());
  console.log(
    `官方条目与网友经验条目回答同一问题却未关联 (unlinked official/forum pairs): ${overlaps.length}`,
  );
  for (const o of overlaps)
    console.log(
      `警告 warning: ${o.forum}（网友经验）与 ${o.official}（官方）都回答「${o.question}」，请在 ${o.forum} 写 experienceOf: ${o.official}，或互相写进 related`,
    );
}
