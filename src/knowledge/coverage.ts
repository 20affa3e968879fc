// Coverage of the source documents: every on-topic paragraph of each seed and the knowledge
// items whose citations quote it. A paragraph nobody cites is a fact no user can reach, so
// knowledge:check lists it. Off-topic parts of a page (adverts, rabies, premiums, news
// links) are left out by the markers in sources.yaml; headings and table cells carry no
// fact of their own and are left out by length (sources.yaml coverage).
import { compact } from '../text/normalize.js';
import type { SourceDoc } from './schema.js';
import type { Knowledge } from './types.js';

export interface Paragraph {
  /** 1-based line of the paragraph's first occurrence in the file. */
  line: number;
  text: string;
}

export interface CoverageSettings {
  minChars: number;
  headingMaxChars: number;
}

export interface QuoteRef {
  /** Who cites it: "faq/st-no-filing", "materials.yaml/gd-retiree" … */
  owner: string;
  doc: string;
  quote: string;
  /** The citation's passage region, when it names one. */
  region?: string;
}

export interface FileCoverage {
  file: string;
  docs: string[];
  rows: Array<{ paragraph: Paragraph; citedBy: string[] }>;
}

const SENTENCE_PUNCT = /[，,。:：;；!?！？]/;

/**
 * The on-topic paragraphs of a seed file: its non-empty lines, without those marked off topic
 * (a marker anywhere in the line), everything from an offTopicFrom marker on, headings (no
 * sentence punctuation, short) and fragments shorter than minChars. Repeated paragraphs
 * (the same summary under several links) count once.
 */
export function splitParagraphs(
  text: string,
  markers: { offTopic: string[]; offTopicFrom: string[] },
  settings: CoverageSettings,
): Paragraph[] {
  const out: Paragraph[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  // Markers match like quotes do: punctuation, spacing and Traditional script aside.
  const from = markers.offTopicFrom.map(compact);
  const off = markers.offTopic.map(compact);
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/^[\s•·\u3000]+/, '').trim();
    const flat = compact(line);
    if (from.some((m) => flat.includes(m))) break;
    if (!line || off.some((m) => flat.includes(m))) continue;
    const size = flat.length;
    if (size < settings.minChars) continue;
    if (!SENTENCE_PUNCT.test(line) && size <= settings.headingMaxChars) continue;
    if (seen.has(flat)) continue;
    seen.add(flat);
    out.push({ line: i + 1, text: line });
  }
  return out;
}

/** Every {doc, quote} citation in the knowledge base, with who cites it. */
export function quoteRefs(k: Knowledge): QuoteRef[] {
  const refs: QuoteRef[] = [];
  for (const e of k.entries) for (const c of e.sources) refs.push({ owner: `faq/${e.id}`, ...c });
  const walk = (value: unknown, owner: string) => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v, owner);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    if (typeof o.doc === 'string' && typeof o.quote === 'string') {
      refs.push({
        owner,
        doc: o.doc,
        quote: o.quote,
        ...(typeof o.region === 'string' ? { region: o.region } : {}),
      });
      return;
    }
    const named = typeof o.id === 'string' ? `${owner.split('/')[0]}/${o.id}` : owner;
    for (const v of Object.values(o)) walk(v, named);
  };
  walk(k.categories, 'categories.yaml');
  walk(k.materials, 'materials.yaml');
  walk([...k.channels.values()], 'channels.yaml');
  walk(k.contacts, 'contacts.yaml');
  walk(k.rules, 'rules.yaml');
  return refs;
}

/** Each seed file's on-topic paragraphs and who cites each (texts: file name → raw text). */
export function coverageReport(
  k: Knowledge,
  texts: Map<string, string>,
  settings: CoverageSettings,
): FileCoverage[] {
  const byFile = new Map<string, SourceDoc[]>();
  for (const doc of k.sources.values()) byFile.set(doc.file, [...(byFile.get(doc.file) ?? []), doc]);
  const refs = quoteRefs(k);
  const out: FileCoverage[] = [];
  for (const [file, docs] of byFile) {
    const text = texts.get(file);
    if (text === undefined) continue;
    const markers = {
      offTopic: docs.flatMap((d) => d.offTopic),
      offTopicFrom: docs.flatMap((d) => d.offTopicFrom),
    };
    const ids = new Set(docs.map((d) => d.id));
    const fileRefs = refs.filter((r) => ids.has(r.doc)).map((r) => ({ ...r, compact: compact(r.quote) }));
    const rows = splitParagraphs(text, markers, settings).map((paragraph) => {
      const flat = compact(paragraph.text);
      const citedBy = [...new Set(fileRefs.filter((r) => flat.includes(r.compact)).map((r) => r.owner))];
      return { paragraph, citedBy };
    });
    out.push({ file, docs: [...ids], rows });
  }
  return out;
}

/** The report knowledge:check prints: per file, covered counts and every uncovered paragraph. */
export function formatCoverage(report: FileCoverage[], width = 60): string[] {
  const lines: string[] = [];
  let total = 0;
  let covered = 0;
  for (const f of report) {
    const done = f.rows.filter((r) => r.citedBy.length > 0).length;
    total += f.rows.length;
    covered += done;
    lines.push(`  ${f.file}（${f.docs.join('、')}）：${done}/${f.rows.length} 段有条目引用`);
    for (const r of f.rows) {
      const mark = r.citedBy.length > 0 ? '✓' : '✗ 未覆盖 uncovered';
      const cited = r.citedBy.length > 0 ? ` ← ${r.citedBy.join(', ')}` : '';
      lines.push(`    ${mark} 第${r.paragraph.line}行 ${r.paragraph.text.slice(0, width)}${cited}`);
    }
  }
  lines.unshift(
    `原文覆盖 coverage: ${covered}/${total} 段与异地就医相关的原文段落有条目引用 (paragraphs cited)`,
  );
  return lines;
}
