// Reads knowledge/ (YAML) → validates every file and every FAQ entry with zod → runs the
// cross-file checks. Any problem names the file, the entry id and the field, so a curator
// can fix it without reading code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { crossCheck } from './crossCheck.js';
import { findSeedsDir } from './paths.js';
import { Regions } from './regions.js';
import {
  basicsFileSchema,
  categoriesFileSchema,
  channelsFileSchema,
  contactsFileSchema,
  dialogsFileSchema,
  type FaqEntry,
  faqEntrySchema,
  faqFileSchema,
  interruptsFileSchema,
  lexiconFileSchema,
  matcherSettingsSchema,
  materialsFileSchema,
  messagesFileSchema,
  outOfScopeFileSchema,
  regionsFileSchema,
  rulesFileSchema,
  sourcesFileSchema,
  topicsFileSchema,
} from './schema.js';
import type { Knowledge, Problem } from './types.js';
import { explainYamlError } from './yamlErrors.js';

// Curators read these messages: zod's own wording in Simplified Chinese.
z.config(z.locales.zhCN());

export class KnowledgeError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `知识库有 ${problems.length} 处错误 (knowledge base has ${problems.length} problem(s)):\n${problems.map(formatProblem).join('\n')}`,
    );
    this.name = 'KnowledgeError';
  }
}

export function formatProblem(p: Problem): string {
  const where = [p.file, p.entry ? `条目 ${p.entry}` : '', p.field ? `字段 ${p.field}` : '']
    .filter(Boolean)
    .join(' · ');
  return `  - ${where}: ${p.message}`;
}

function zodPath(path: readonly PropertyKey[]): string {
  return path
    .map((k) => (typeof k === 'number' ? `[${k}]` : String(k)))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** Parse one YAML file; on failure record a problem and return undefined. */
function readYaml(dir: string, file: string, problems: Problem[], texts?: string[]): unknown {
  const path = join(dir, file);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
    texts?.push(raw);
  } catch {
    problems.push({ file, message: '文件不存在或无法读取 (file missing or unreadable)' });
    return undefined;
  }
  try {
    return parseYaml(raw, { uniqueKeys: true });
  } catch (err) {
    problems.push({ file, message: explainYamlError(err as Error) });
    return undefined;
  }
}

/** Validate a whole file; the entry named in a problem is the `id` of the list item the path points into. */
function validate<S extends z.ZodType>(
  schema: S,
  data: unknown,
  file: string,
  problems: Problem[],
): z.infer<S> | undefined {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  problems.push(...describeIssues(result.error.issues, data, file));
  return undefined;
}

/**
 * zod's issues as a curator reads them: every unknown key named as the field (with the
 * missing key it probably misspells), a missing key said to be missing.
 */
function describeIssues(issues: readonly z.core.$ZodIssue[], data: unknown, file: string): Problem[] {
  const at = (path: readonly PropertyKey[]) => zodPath(path) || undefined;
  const missing = issues.filter((i) => i.code === 'invalid_type' && valueAt(data, i.path) === undefined);
  return issues.flatMap((issue): Problem[] => {
    const entry = findEntryId(data, issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const parent = zodPath(issue.path);
        const sibling = missing.find((m) => zodPath(m.path.slice(0, -1)) === parent);
        const hint = sibling ? `是不是 ${String(sibling.path.at(-1))}？` : '拼写错误？';
        return {
          file,
          entry,
          field: at([...issue.path, key]),
          message: `没有“${key}”这一项（${hint}）(unknown key "${key}")`,
        };
      });
    }
    if (missing.includes(issue))
      return [
        {
          file,
          entry,
          field: at(issue.path),
          message: `缺少这一项 (required key missing: ${issue.message})`,
        },
      ];
    return [{ file, entry, field: at(issue.path), message: issue.message }];
  });
}

/** The value at a zod path, or undefined when the path leads nowhere. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** Walk the path; the innermost object with an `id` on the way names the entry. */
function findEntryId(data: unknown, path: readonly PropertyKey[]): string | undefined {
  let node: unknown = data;
  let found: string | undefined;
  for (const key of path) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<PropertyKey, unknown>)[key];
    if (node && typeof node === 'object' && typeof (node as { id?: unknown }).id === 'string') {
      found = (node as { id: string }).id;
    }
  }
  return found;
}

function loadFaq(
  dir: string,
  problems: Problem[],
  texts: string[],
): { entries: FaqEntry[]; fileOf: Map<string, string> } {
  const entries: FaqEntry[] = [];
  const fileOf = new Map<string, string>();
  const faqDir = join(dir, 'faq');
  let files: string[] = [];
  try {
    files = readdirSync(faqDir)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
  } catch {
    problems.push({ file: 'faq/', message: '目录不存在 (folder missing)' });
  }
  for (const name of files) {
    const file = `faq/${name}`;
    const before = problems.length;
    const raw = readYaml(dir, file, problems, texts);
    const data = problems.length > before ? undefined : validate(faqFileSchema, raw, file, problems);
    if (!data) continue;
    data.entries.forEach((raw, index) => {
      const entryId =
        raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string'
          ? (raw as { id: string }).id
          : `#${index + 1}`;
      const result = faqEntrySchema.safeParse(raw);
      if (!result.success) {
        problems.push(
          ...describeIssues(result.error.issues, raw, file).map((p) => ({ ...p, entry: entryId })),
        );
        return;
      }
      if (fileOf.has(result.data.id)) {
        problems.push({
          file,
          entry: result.data.id,
          field: 'id',
          message: `id 重复，已在 ${fileOf.get(result.data.id)} 中使用 (duplicate id)`,
        });
        return;
      }
      fileOf.set(result.data.id, file);
      entries.push(result.data);
    });
  }
  return { entries, fileOf };
}

/**
 * Load and check the whole knowledge base: the one check the server's start, the tests and
 * `npm run knowledge:check` all run. Throws KnowledgeError listing every problem. Where the
 * source documents are at hand (`seedsDir`, by default ../shared/seeds beside this checkout)
 * every locating quote is also looked up in its document, and copied answers are warned of.
 */
export function loadKnowledge(
  dir: string,
  options: { seedsDir?: string } = { seedsDir: findSeedsDir() },
): Knowledge {
  const problems: Problem[] = [];
  const texts: string[] = [];
  const file = <S extends z.ZodType>(name: string, schema: S) => {
    const before = problems.length;
    const data = readYaml(dir, name, problems, texts);
    // An unreadable file is reported once, not again as "expected object".
    return problems.length > before ? undefined : validate(schema, data, name, problems);
  };

  const sources = file('sources.yaml', sourcesFileSchema);
  const regions = file('regions.yaml', regionsFileSchema);
  const topics = file('topics.yaml', topicsFileSchema);
  const categories = file('categories.yaml', categoriesFileSchema);
  const materials = file('materials.yaml', materialsFileSchema);
  const channels = file('channels.yaml', channelsFileSchema);
  const contacts = file('contacts.yaml', contactsFileSchema);
  const lexicon = file('lexicon.yaml', lexiconFileSchema);
  const outOfScope = file('out-of-scope.yaml', outOfScopeFileSchema);
  const messages = file('messages.yaml', messagesFileSchema);
  const interrupts = file('interrupts.yaml', interruptsFileSchema);
  const dialogs = file('dialogs.yaml', dialogsFileSchema);
  const matcher = file('matcher.yaml', matcherSettingsSchema);
  const rules = file('rules.yaml', rulesFileSchema);
  const basics = file('basics.yaml', basicsFileSchema);
  const { entries, fileOf } = loadFaq(dir, problems, texts);

  if (
    problems.length > 0 ||
    !sources ||
    !regions ||
    !topics ||
    !categories ||
    !materials ||
    !channels ||
    !contacts ||
    !lexicon ||
    !outOfScope ||
    !messages ||
    !interrupts ||
    !dialogs ||
    !matcher ||
    !rules ||
    !basics
  ) {
    throw new KnowledgeError(problems);
  }

  const knowledge: Knowledge = {
    dir,
    sources: new Map(sources.documents.map((d) => [d.id, d])),
    sourceCoverage: sources.coverage,
    regions: new Regions(regions.regions),
    topics: new Map(topics.topics.map((t) => [t.id, t])),
    entries,
    entryById: new Map(entries.map((e) => [e.id, e])),
    entryFile: fileOf,
    categories,
    materials: materials.sets,
    channels: new Map(channels.channels.map((c) => [c.id, c])),
    contacts: contacts.tables,
    lexicon,
    outOfScope: outOfScope.topics,
    uncoveredPlaces: outOfScope.uncoveredPlaces,
    messages,
    interrupts,
    dialogs: dialogs.dialogs,
    dialogTexts: dialogs,
    matcher,
    rules,
    basics,
    corpus: texts.join('\n'),
  };
  problems.push(...crossCheck(knowledge, options.seedsDir));
  const errors = problems.filter((p) => p.severity !== 'warning');
  if (errors.length > 0) throw new KnowledgeError(errors);
  knowledge.warnings = problems.filter((p) => p.severity === 'warning');
  return knowledge;
}
