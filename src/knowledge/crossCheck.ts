// Checks across files that a schema alone cannot express: every id a file refers to
// exists, paraphrases are not shared between entries, quotes can be found in their
// documents, and answers are written in our own words rather than copied.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compact } from '../text/normalize.js';
import { authorityProblems } from './authorityCheck.js';
import type { Citation } from './schema.js';
import { sectionProblems } from './sectionCheck.js';
import type { Knowledge, Problem } from './types.js';

/** Answers sharing this many consecutive characters with a document are flagged as copied. */
const COPIED_RUN = 22;

export function crossCheck(k: Knowledge, seedsDir?: string): Problem[] {
  const problems: Problem[] = [];
  const err = (file: string, entry: string | undefined, field: string, message: string) =>
    problems.push({ file, entry, field, message });
  const warn = (file: string, entry: string | undefined, field: string, message: string) =>
    problems.push({ file, entry, field, message, severity: 'warning' });

  const seeds = loadSeeds(k, seedsDir);
  const checkCitation = (file: string, entry: string | undefined, field: string, c: Citation) => {
    const doc = k.sources.get(c.doc);
    if (!doc) {
      err(file, entry, `${field}.doc`, `未知的来源文件 "${c.doc}" (unknown document)`);
      return;
    }
    const seed = seeds.get(doc.file);
    if (seed !== undefined && !seed.includes(compact(c.quote))) {
      err(
        file,
        entry,
        `${field}.quote`,
        `在 ${doc.file} 中找不到这段引文 (quote not found in document): ${c.quote}`,
      );
    }
  };
  const checkRegion = (file: string, entry: string | undefined, field: string, region: string) => {
    if (!k.regions.has(region))
      err(file, entry, field, `未知的地区 "${region}" (unknown region; see regions.yaml)`);
  };

  // Sources and regions.
  for (const doc of k.sources.values()) checkRegion('sources.yaml', doc.id, 'region', doc.region);
  for (const r of k.regions.values()) {
    if (r.parent) checkRegion('regions.yaml', r.id, 'parent', r.parent);
  }

  // Source authority: official guidance leads; experienceOf links a forum entry to an official one.
  problems.push(...authorityProblems(k));
  problems.push(...sectionProblems(k, seeds));

  // FAQ entries.
  const dialogIds = new Set<string>(k.dialogs.map((d) => d.id));
  const seenUtterance = new Map<string, string>();
  for (const e of k.entries) {
    const file = k.entryFile.get(e.id) ?? 'faq/';
    if (!k.topics.has(e.topic))
      err(file, e.id, 'topic', `未知的主题 "${e.topic}" (unknown topic; see topics.yaml)`);
    checkRegion(file, e.id, 'region', e.region);
    for (const [i, c] of e.sources.entries()) checkCitation(file, e.id, `sources[${i}]`, c);
    e.related.forEach((r, i) => {
      if (r === e.id) err(file, e.id, `related[${i}]`, '不能关联自己 (an entry cannot relate to itself)');
      else if (!k.entryById.has(r))
        err(file, e.id, `related[${i}]`, `关联的条目 "${r}" 不存在 (unknown entry)`);
    });
    if (e.dialog && !dialogIds.has(e.dialog)) {
      err(file, e.id, 'dialog', `未知的对话 "${e.dialog}" (unknown dialog; see dialogs.yaml)`);
    }
    e.channels.forEach((c, i) => {
      if (!k.channels.has(c)) err(file, e.id, `channels[${i}]`, `未知的渠道 "${c}" (unknown channel)`);
    });
    [e.question, ...e.paraphrases].forEach((u, i) => {
      const key = compact(u);
      const field = i === 0 ? 'question' : `paraphrases[${i - 1}]`;
      const owner = seenUtterance.get(key);
      if (owner === e.id) err(file, e.id, field, `问法重复 (duplicate paraphrase): ${u}`);
      else if (owner)
        err(file, e.id, field, `问法与条目 ${owner} 重复 (paraphrase duplicated across entries): ${u}`);
      else seenUtterance.set(key, e.id);
    });
    // Names of forms and documents in 《》 are quoted on purpose; only the prose counts.
    const copied = e.answer
      .split(/《[^》]*》/)
      .map((prose) => longestSharedRun(compact(prose), seeds))
      .reduce((a, b) => (b.length > a.length ? b : a), '');
    if (copied.length >= COPIED_RUN) {
      warn(
        file,
        e.id,
        'answer',
        `答案与原文连续 ${copied.length} 字相同，请用自己的话改写 (copied from the document): ${copied}`,
      );
    }
  }

  // Categories, schemes, materials, channels, contacts.
  const categoryIds = new Set(k.categories.categories.map((c) => c.id));
  const classIds = new Set(k.categories.schemes.flatMap((s) => s.classes.map((c) => c.id)));
  for (const c of k.categories.categories) {
    checkRegion('categories.yaml', c.id, 'region', c.region);
    c.conditions.forEach((cond, i) => {
      checkCitation('categories.yaml', c.id, `conditions[${i}].source`, cond.source);
    });
  }
  for (const g of k.categories.groups) checkCitation('categories.yaml', g.id, 'source', g.source);
  // Story weighing names real categories.
  const weighed: Array<[string, string]> = [
    ['hintWeights.tripCategory', k.categories.hintWeights.tripCategory],
    ['stayLength.category', k.categories.stayLength.category],
    ...k.categories.stayLength.outweighs.map((c, i): [string, string] => [`stayLength.outweighs[${i}]`, c]),
  ];
  for (const [field, c] of weighed)
    if (!categoryIds.has(c)) err('categories.yaml', undefined, field, `未知的人员类别 "${c}"`);
  for (const s of k.categories.schemes) {
    checkRegion('categories.yaml', s.region, 'region', s.region);
    for (const cls of s.classes) {
      cls.categories.forEach((c, i) => {
        if (!categoryIds.has(c)) err('categories.yaml', cls.id, `categories[${i}]`, `未知的人员类别 "${c}"`);
      });
      cls.conditions.forEach((cond, i) => {
        checkCitation('categories.yaml', cls.id, `conditions[${i}].source`, cond.source);
      });
    }
  }
  for (const m of k.materials) {
    checkRegion('materials.yaml', m.id, 'region', m.region);
    checkCitation('materials.yaml', m.id, 'source', m.source);
    m.appliesTo.forEach((a, i) => {
      if (!categoryIds.has(a) && !classIds.has(a)) {
        err('materials.yaml', m.id, `appliesTo[${i}]`, `未知的人员类别或情形 "${a}"`);
      }
    });
  }
  for (const ch of k.channels.values()) {
    checkRegion('channels.yaml', ch.id, 'region', ch.region);
    checkCitation('channels.yaml', ch.id, 'source', ch.source);
  }
  for (const t of k.contacts) {
    checkRegion('contacts.yaml', t.id, 'region', t.region);
    checkCitation('contacts.yaml', t.id, 'source', t.source);
    for (const [i, row] of t.rows.entries())
      checkRegion('contacts.yaml', t.id, `rows[${i}].region`, row.region);
  }

  // Buttons answer yes/no in words the slot filler understands (interrupts.yaml).
  const { buttons } = k.dialogTexts;
  for (const [key, list] of [
    ['yes', k.interrupts.yes],
    ['no', k.interrupts.no],
  ] as const) {
    if (!list.some((w) => compact(w) === compact(buttons[key])))
      err(
        'dialogs.yaml',
        undefined,
        `buttons.${key}`,
        `“${buttons[key]}”不在 interrupts.yaml 的 ${key} 词表里，用户点了也听不懂 (button not in the ${key} list)`,
      );
  }

  // groupEntries ids are not checked here: apps built on a subset of the FAQ (tests) lack some
  // entries, and an unknown id only never matches (src/assistant/groupFit.ts).

  // Follow-ups name real dialogs.
  const dialogNames = new Set<string>(k.dialogs.map((d) => d.id));
  const stageDialogs = k.dialogTexts.beforeAdmissionDialogs;
  const stageFields: Array<[string, string]> = [
    ...stageDialogs.from.map((d, i): [string, string] => [`from[${i}]`, d]),
    ['to', stageDialogs.to],
  ];
  for (const [field, d] of stageFields)
    if (!dialogNames.has(d))
      err('dialogs.yaml', undefined, `beforeAdmissionDialogs.${field}`, `未知的对话 "${d}"`);
  k.dialogTexts.followUps.dialogs.forEach((f, i) => {
    if (!dialogNames.has(f.dialog))
      err('dialogs.yaml', undefined, `followUps.dialogs[${i}].dialog`, `未知的对话 "${f.dialog}"`);
  });

  // Dialog choices name real categories.
  for (const [i, c] of k.dialogTexts.situationChoices.entries()) {
    if (!k.categories.categories.some((cat) => cat.id === c.category)) {
      err('dialogs.yaml', undefined, `situationChoices[${i}].category`, `未知的人员类别 "${c.category}"`);
    }
  }

  // Rules: every region exists and every citation is found.
  const r = k.rules;
  const ruleLists = {
    residence: r.residence,
    householdMove: r.householdMove,
    validity: r.validity,
    lateFiling: r.lateFiling,
    constraints: r.constraints,
    noFilingNeeded: r.noFilingNeeded,
    examples: r.settlement.examples,
  };
  for (const [name, list] of Object.entries(ruleLists)) {
    for (const [i, rule] of list.entries()) {
      checkRegion('rules.yaml', undefined, `${name}[${i}].region`, rule.region);
      checkCitation('rules.yaml', undefined, `${name}[${i}].source`, rule.source);
    }
  }
  for (const [i, rule] of r.lateFiling.entries()) {
    if (rule.afterSource)
      checkCitation('rules.yaml', undefined, `lateFiling[${i}].afterSource`, rule.afterSource);
  }
  for (const key of ['catalogue', 'policy', 'ratio', 'scope'] as const) {
    checkCitation('rules.yaml', undefined, `settlement.${key}.source`, r.settlement[key].source);
  }
  for (const [i, step] of r.settlement.steps.entries())
    checkCitation('rules.yaml', undefined, `settlement.steps[${i}].source`, step.source);

  // Lexicon.
  for (const [wrong, fix] of Object.entries(k.lexicon.typos)) {
    const right = typeof fix === 'string' ? fix : fix.to;
    if (compact(wrong) === compact(right))
      err('lexicon.yaml', undefined, `typos.${wrong}`, '错别字与正确写法相同');
    for (const u of typeof fix === 'string' ? [] : fix.unless) {
      if (!u.includes(wrong))
        err('lexicon.yaml', undefined, `typos.${wrong}.unless`, `“${u}”不包含“${wrong}”`);
    }
  }
  const variantOwner = new Map<string, string>();
  for (const [canonical, variants] of Object.entries(k.lexicon.synonyms)) {
    for (const v of variants) {
      const owner = variantOwner.get(v);
      if (owner && owner !== canonical) {
        err('lexicon.yaml', undefined, `synonyms.${canonical}`, `“${v}”同时是“${owner}”的同义词`);
      }
      variantOwner.set(v, canonical);
    }
  }
  return problems;
}

/** Compact text of each seed document, when the seeds folder is available. */
function loadSeeds(k: Knowledge, seedsDir?: string): Map<string, string> {
  const seeds = new Map<string, string>();
  if (!seedsDir) return seeds;
  for (const doc of k.sources.values()) {
    const path = join(seedsDir, doc.file);
    if (existsSync(path) && !seeds.has(doc.file)) seeds.set(doc.file, compact(readFileSync(path, 'utf8')));
  }
  return seeds;
}

/** Longest run of `text` that occurs verbatim in any seed (checked from length COPIED_RUN up). */
function longestSharedRun(text: string, seeds: Map<string, string>): string {
  let best = '';
  if (seeds.size === 0) return best;
  const all = [...seeds.values()];
  for (let i = 0; i + COPIED_RUN <= text.length; i++) {
    let len = Math.max(COPIED_RUN, best.length + 1);
    while (i + len <= text.length && all.some((s) => s.includes(text.slice(i, i + len)))) {
      best = text.slice(i, i + len);
      len++;
    }
  }
  return best;
}
