// A throw-away copy of knowledge/ in a temp dir, for tests that break or replace files.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';

export interface KnowledgeCopy {
  dir: string;
  /** Parse a YAML file of the copy (path relative to the knowledge dir). */
  read<T = unknown>(file: string): T;
  write(file: string, data: unknown): void;
  writeRaw(file: string, text: string): void;
  /** Change a YAML file in place. */
  edit<T = unknown>(file: string, change: (data: T) => void): void;
  remove(): void;
}

export function copyKnowledge(): KnowledgeCopy {
  const dir = mkdtempSync(join(tmpdir(), 'yidi-knowledge-'));
  cpSync(defaultKnowledgeDir, dir, { recursive: true });
  const copy: KnowledgeCopy = {
    dir,
    read: <T>(file: string) => parse(readFileSync(join(dir, file), 'utf8')) as T,
    write: (file, data) => writeFileSync(join(dir, file), stringify(data)),
    writeRaw: (file, text) => writeFileSync(join(dir, file), text),
    edit: <T>(file: string, change: (data: T) => void) => {
      const data = copy.read<T>(file);
      change(data);
      copy.write(file, data);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return copy;
}

/**
 * Two deliberately similar entries (a lost vs. a replaced social-security card) and one
 * unrelated entry, none linked as related: a question about "the card" matches both closely.
 */
export const SIMILAR_ENTRIES_FAQ = `title: 测试用问答
entries:
  - id: fx-card-lost
    topic: validity
    region: national
    question: 社保卡挂失补领期间，异地就医备案还有效吗？
    paraphrases:
      - 社保卡挂失补领期间异地备案还能用吗
      - 社保卡挂失补领期间备案还管用吗
      - 社保卡挂失补领期间备案会失效吗
    answer: 测试答案：社保卡丢了，备案仍然有效。
    sources:
      - { doc: national-guide, quote: 国家医保服务平台APP }
  - id: fx-card-replaced
    topic: validity
    region: national
    question: 社保卡升级换发期间，异地就医备案还有效吗？
    paraphrases:
      - 社保卡升级换发期间异地备案还能用吗
      - 社保卡升级换发期间备案还管用吗
      - 社保卡升级换发期间备案会失效吗
    answer: 测试答案：社保卡换了，备案仍然有效。
    sources:
      - { doc: national-guide, quote: 国家医保服务平台APP }
  - id: fx-hotline
    topic: contacts
    region: national
    question: 医保咨询热线是多少？
    paraphrases:
      - 医保服务电话
      - 打哪个热线问医保
      - 医保客服号码
    answer: 测试答案：请拨打12333。
    sources:
      - { doc: national-guide, quote: 国家医保服务平台APP }
`;

/** A copy of knowledge/ whose FAQ is only SIMILAR_ENTRIES_FAQ. */
export function similarEntriesKnowledge(): KnowledgeCopy {
  const copy = copyKnowledge();
  for (const f of readdirSync(join(copy.dir, 'faq'))) rmSync(join(copy.dir, 'faq', f));
  copy.writeRaw('faq/fixture.yaml', SIMILAR_ENTRIES_FAQ);
  return copy;
}
