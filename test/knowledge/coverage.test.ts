// The coverage report: which on-topic paragraphs of the seeds the knowledge base cites, so a
// fact no user can reach shows up in knowledge:check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageReport, formatCoverage, splitParagraphs } from '../../src/knowledge/coverage.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir, findSeedsDir } from '../../src/knowledge/paths.js';

const SETTINGS = { minChars: 8, headingMaxChars: 20 };
const NO_MARKERS = { offTopic: [], offTopicFrom: [] };

describe('splitParagraphs', () => {
  it('keeps sentences, drops headings, fragments and repeated summaries', () => {
    const text = [
      '备案办理流程',
      '',
      '  • 参保人可以通过微信公众号办理异地就医备案。',
      '3272932',
      '参保人可以通过微信公众号办理异地就医备案。',
      '出院时直接结算，只付个人负担的部分。',
    ].join('\n');
    expect(splitParagraphs(text, NO_MARKERS, SETTINGS)).toEqual([
      { line: 3, text: '参保人可以通过微信公众号办理异地就医备案。' },
      { line: 6, text: '出院时直接结算，只付个人负担的部分。' },
    ]);
  });

  it('leaves out marked paragraphs and everything from an offTopicFrom marker on (Traditional too)', () => {
    const text = [
      '異地就醫分為省內和跨省，本回答主要討論跨省。',
      '南宫市2024年城乡居民医保个人缴费标准为380元。',
      '大家都在搜',
      '云南普洱治疗葡萄膜炎哪个医院比较好，首推某医院。',
    ].join('\n');
    const markers = { offTopic: ['缴费标准'], offTopicFrom: ['大家都在搜'] };
    expect(splitParagraphs(text, markers, SETTINGS).map((p) => p.line)).toEqual([1]);
    expect(splitParagraphs(text, { offTopic: ['本回答主要讨论'], offTopicFrom: [] }, SETTINGS)[0]?.line).toBe(
      2,
    );
  });
});

const seeds = findSeedsDir();
describe.skipIf(!seeds)('the knowledge base against the five seed documents', () => {
  const k = loadKnowledge(defaultKnowledgeDir);
  const texts = new Map<string, string>();
  for (const doc of k.sources.values())
    texts.set(doc.file, readFileSync(join(seeds as string, doc.file), 'utf8'));
  const report = coverageReport(k, texts, k.sourceCoverage ?? SETTINGS);
  const rowWith = (needle: string) =>
    report.flatMap((f) => f.rows).find((r) => r.paragraph.text.includes(needle));

  it('every on-topic paragraph is cited by at least one entry', () => {
    const uncovered = report.flatMap((f) =>
      f.rows.filter((r) => r.citedBy.length === 0).map((r) => `${f.file}:${r.paragraph.line}`),
    );
    expect(uncovered).toEqual([]);
    expect(report.map((f) => f.rows.length).every((n) => n > 0)).toBe(true);
  });

  it('the Xingtai 零星报销 summary and the forum filing-form passage have entries', () => {
    expect(rowWith('零星报销')?.citedBy).toContain('faq/xt-manual-reimbursement');
    expect(rowWith('不再需要任何公章證明')?.citedBy).toContain('faq/st-filing-form-choice');
  });

  it('adverts, rabies and premiums are not counted as on-topic', () => {
    for (const needle of ['狂犬', '普洱市人民医院', '缴费标准为380元', '意外伤害'])
      expect(rowWith(needle)).toBeUndefined();
  });

  it('the printed report names each file and marks uncovered paragraphs', () => {
    const lines = formatCoverage(report);
    expect(lines[0]).toMatch(/^原文覆盖 coverage: (\d+)\/\1 /);
    expect(lines.some((l) => l.includes('004_abbaec1f3f7d3463.txt（qa-thread）'))).toBe(true);
    const broken = formatCoverage([
      { file: 'x.txt', docs: ['x'], rows: [{ paragraph: { line: 7, text: '某段话。' }, citedBy: [] }] },
    ]);
    expect(broken).toContain('    ✗ 未覆盖 uncovered 第7行 某段话。');
  });
});
