// A synthetic ×N knowledge for the scaling benchmark: every FAQ entry repeated N−1 times with
// a new id and a made-up marker word (甲一, 乙一 …) added to its question and paraphrases, so
// the index holds N times the entries and postings while the real questions still match.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { FaqEntry, Knowledge } from '../../src/knowledge/types.js';

const STEMS = '甲乙丙丁戊己庚辛壬癸';
const NUMBERS = '一二三四五六七八九十';

/** The marker word of copy `copy` (1-based): 甲一 … 癸一, 甲二 … (100 distinct words). */
export function copyMarker(copy: number): string {
  const i = copy - 1;
  return `${STEMS[i % 10]}${NUMBERS[Math.floor(i / 10) % 10]}`;
}

export function scaledKnowledge(k: Knowledge, factor: number): Knowledge {
  if (factor <= 1) return k;
  const entries: FaqEntry[] = [...k.entries];
  const entryById = new Map(k.entryById);
  const entryFile = new Map(k.entryFile);
  for (let copy = 1; copy < factor; copy++) {
    const marker = copyMarker(copy);
    for (const e of k.entries) {
      const id = `${e.id}-x${copy}`;
      const clone: FaqEntry = {
        ...e,
        id,
        question: `${e.question}${marker}`,
        paraphrases: e.paraphrases.map((p) => `${p}${marker}`),
      };
      entries.push(clone);
      entryById.set(id, clone);
      entryFile.set(id, k.entryFile.get(e.id) ?? '');
    }
  }
  return { ...k, entries, entryById, entryFile };
}

interface FaqFile {
  entries: Array<{ id: string; question: string; paraphrases?: string[] }>;
}

/**
 * The same ×N knowledge as YAML in a temp directory (for a server process: KNOWLEDGE_DIR):
 * the copies are appended to each faq/*.yaml after its own entries. `remove` deletes it.
 */
export function scaledKnowledgeDir(sourceDir: string, factor: number): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `yidi-knowledge-x${factor}-`));
  cpSync(sourceDir, dir, { recursive: true });
  const faqDir = join(dir, 'faq');
  for (const file of readdirSync(faqDir).filter((f) => f.endsWith('.yaml'))) {
    const path = join(faqDir, file);
    const data = parse(readFileSync(path, 'utf8')) as FaqFile;
    const originals = [...data.entries];
    for (let copy = 1; copy < factor; copy++) {
      const marker = copyMarker(copy);
      for (const e of originals)
        data.entries.push({
          ...e,
          id: `${e.id}-x${copy}`,
          question: `${e.question}${marker}`,
          paraphrases: (e.paraphrases ?? []).map((p) => `${p}${marker}`),
        });
    }
    writeFileSync(path, stringify(data));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
