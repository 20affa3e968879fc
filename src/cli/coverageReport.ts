// knowledge:check's coverage report: reads the seeds and prints every on-topic paragraph with
// the entries citing it; uncovered paragraphs are marked (src/knowledge/coverage.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverageReport, formatCoverage } from '../knowledge/coverage.js';
import type { Knowledge } from '../knowledge/types.js';

export function printCoverage(k: Knowledge, seedsDir: string): void {
  const texts = new Map<string, string>();
  for (const doc of k.sources.values()) {
    const path = join(seedsDir, doc.file);
    if (existsSync(path)) texts.set(doc.file, readFileSync(path, 'utf8'));
  }
  const settings = k.sourceCoverage ?? { minChars: 14, headingMaxChars: 40 };
  for (const line of formatCoverage(coverageReport(k, texts, settings))) console.log(line);
}
