import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, KnowledgeError, loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import type { Knowledge, Problem } from '../../src/knowledge/types.js';
import { compact } from '../../src/text/normalize.js';
import { copyKnowledge, type KnowledgeCopy } from '../helpers/knowledgeCopy.js';

type Entry = Record<string, unknown> & { id: string };
interface FaqFile {
  title: string;
  entries: Entry[];
}

describe('the real knowledge base', () => {
  let k: Knowledge;
  beforeAll(() => {
    k = loadKnowledge(defaultKnowledgeDir);
  });

  it('loads without errors or warnings and has 60–130 entries', () => {
    expect(k.entries.length).toBeGreaterThanOrEqual(60);
    expect(k.entries.length).toBeLessThanOrEqual(130);
    expect(k.warnings ?? []).toEqual([]);
  });

  it('every entry id is unique and every entry knows its file', () => {
    const ids = k.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(k.entryFile.get(id)).toMatch(/^faq\/.+\.yaml$/);
  });

  it('every entry cites a known document, with a quote of at most 40 characters', () => {
    for (const e of k.entries) {
      expect(e.sources.length).toBeGreaterThan(0);
      for (const s of e.sources) {
        expect(k.sources.has(s.doc)).toBe(true);
        expect(s.quote.length).toBeLessThanOrEqual(40);
      }
    }
  });

  it('no question or paraphrase is shared by two entries', () => {
    const owner = new Map<string, string>();
    const shared: string[] = [];
    for (const e of k.entries) {
      for (const u of [e.question, ...e.paraphrases]) {
        const key = compact(u);
        const o = owner.get(key);
        if (o && o !== e.id) shared.push(`${u} (${o}, ${e.id})`);
        owner.set(key, e.id);
      }
    }
    expect(shared).toEqual([]);
  });
});

describe('a broken knowledge base names file, entry and field', () => {
  let copy: KnowledgeCopy | undefined;
  afterEach(() => {
    copy?.remove();
    copy = undefined;
  });

  /** Break national.yaml (or another FAQ file), load, and return the error. */
  function loadBroken(change: (copy: KnowledgeCopy) => void): KnowledgeError {
    copy = copyKnowledge();
    change(copy);
    try {
      loadKnowledge(copy.dir);
    } catch (err) {
      expect(err).toBeInstanceOf(KnowledgeError);
      return err as KnowledgeError;
    }
    throw new Error('the broken knowledge base loaded without an error');
  }

  const NATIONAL = 'faq/national.yaml';
  const edit = (file: string, change: (entries: Entry[]) => void) => (c: KnowledgeCopy) =>
    c.edit<FaqFile>(file, (doc) => change(doc.entries));
  const second = (entries: Entry[]) => entries[1] as Entry;
  const third = (entries: Entry[]) => entries[2] as Entry;

  it.each<{
    name: string;
    change: (entries: Entry[]) => void;
    entry: (entries: Entry[]) => string;
    field: string;
    says: RegExp;
  }>([
    {
      name: 'a missing answer',
      change: (es) => delete second(es).answer,
      entry: (es) => second(es).id,
      field: 'answer',
      says: /期望 string|expected string/,
    },
    {
      name: 'an unknown topic',
      change: (es) => {
        second(es).topic = 'no-such-topic';
      },
      entry: (es) => second(es).id,
      field: 'topic',
      says: /未知的主题 "no-such-topic".*unknown topic/,
    },
    {
      name: 'a related id that does not exist',
      change: (es) => {
        second(es).related = ['no-such-entry'];
      },
      entry: (es) => second(es).id,
      field: 'related[0]',
      says: /"no-such-entry" 不存在.*unknown entry/,
    },
    {
      name: 'a quote longer than 40 characters',
      change: (es) => {
        second(es).sources = [{ doc: 'national-guide', quote: '这是一段很长的引文'.repeat(5) }];
      },
      entry: (es) => second(es).id,
      field: 'sources[0].quote',
      says: /40/,
    },
    {
      name: 'a misspelled field name',
      change: (es) => {
        second(es).anwser = second(es).answer;
      },
      entry: (es) => second(es).id,
      field: '',
      says: /anwser/,
    },
    {
      name: 'fewer than 3 paraphrases',
      change: (es) => {
        second(es).paraphrases = ['只有一条问法'];
      },
      entry: (es) => second(es).id,
      field: 'paraphrases',
      says: /至少写3条问法/,
    },
    {
      name: 'an id with capitals',
      change: (es) => {
        second(es).id = 'Nat-Bad-Id';
      },
      entry: () => 'Nat-Bad-Id',
      field: 'id',
      says: /lowercase/,
    },
  ])('$name', ({ change, entry, field, says }) => {
    let entryId = '';
    const err = loadBroken((c) =>
      c.edit<FaqFile>(NATIONAL, (doc) => {
        entryId = entry(doc.entries);
        change(doc.entries);
      }),
    );
    expect(err.problems).toHaveLength(1);
    const p = err.problems[0] as Problem;
    expect(p.file).toBe(NATIONAL);
    expect(p.entry).toBe(entryId);
    if (field) expect(p.field).toBe(field);
    expect(p.message).toMatch(says);
    // The message a curator reads names all three.
    expect(err.message).toContain(NATIONAL);
    expect(err.message).toContain(`条目 ${entryId}`);
    if (field) expect(err.message).toContain(`字段 ${field}`);
    expect(err.message).toContain('1 处错误');
  });

  it('a paraphrase duplicated across two entries in two files names both entries', () => {
    let owner = '';
    let copied = '';
    let duplicate = '';
    const err = loadBroken((c) => {
      c.edit<FaqFile>(NATIONAL, (doc) => {
        const first = doc.entries[0] as Entry;
        owner = first.id;
        copied = (first.paraphrases as string[])[0] as string;
      });
      // xingtai.yaml loads after national.yaml: the later entry is the duplicate.
      edit('faq/xingtai.yaml', (es) => {
        const e = es[0] as Entry;
        duplicate = e.id;
        (e.paraphrases as string[]).push(copied);
      })(c);
    });
    expect(err.problems).toHaveLength(1);
    const p = err.problems[0] as Problem;
    expect(p.file).toBe('faq/xingtai.yaml');
    expect(p.entry).toBe(duplicate);
    expect(p.field).toMatch(/^paraphrases\[\d+\]$/);
    expect(p.message).toContain(owner);
    expect(p.message).toContain(copied);
    expect(err.message).toContain(`条目 ${duplicate}`);
  });

  it('the same paraphrase written twice in one entry (Traditional/punctuation variants included)', () => {
    let id = '';
    const err = loadBroken(
      edit(NATIONAL, (es) => {
        const e = second(es);
        id = e.id;
        const q = e.question as string;
        (e.paraphrases as string[]).push(`${q}！`);
      }),
    );
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ file: NATIONAL, entry: id });
    expect(err.problems[0]?.message).toMatch(/duplicate paraphrase/);
  });

  it('a duplicate id names the id, the field and the file that already uses it', () => {
    let id = '';
    const err = loadBroken(
      edit(NATIONAL, (es) => {
        id = second(es).id;
        third(es).id = id;
      }),
    );
    const p = err.problems.find((x) => x.field === 'id');
    expect(p).toBeDefined();
    expect(p).toMatchObject({ file: NATIONAL, entry: id, field: 'id' });
    expect(p?.message).toMatch(/duplicate id/);
    expect(p?.message).toContain(NATIONAL);
    expect(err.message).toContain(`条目 ${id} · 字段 id`);
  });

  it('bad YAML names the file and the line', () => {
    const err = loadBroken((c) =>
      c.writeRaw(
        NATIONAL,
        'title: 国家\nentries:\n  - id: nat-x\n    topic: [basics\n    region: national\n',
      ),
    );
    const p = err.problems.find((x) => /YAML/.test(x.message));
    expect(p?.file).toBe(NATIONAL);
    expect(p?.message).toMatch(/line \d+/);
    expect(err.message).toContain(NATIONAL);
  });

  // BUG: after a YAML syntax error the undefined document is validated as well, adding a
  // second, meaningless problem ("Invalid input: expected object, received undefined").
  it('bad YAML is reported as exactly one problem', () => {
    const err = loadBroken((c) => c.writeRaw(NATIONAL, 'title: 国家\nentries:\n  - id: [nat-x\n'));
    expect(err.problems).toHaveLength(1);
  });

  it('schema errors in several files are all listed in one KnowledgeError', () => {
    const err = loadBroken((c) => {
      edit(NATIONAL, (es) => {
        delete second(es).answer;
      })(c);
      edit('faq/jiangmen.yaml', (es) => {
        delete (es[0] as Entry).answer;
      })(c);
    });
    expect(err.problems.map((p) => p.file).sort()).toEqual(['faq/jiangmen.yaml', NATIONAL]);
    for (const p of err.problems) expect(err.message).toContain(formatProblem(p).trim());
  });

  it('a missing core file is named', () => {
    const err = loadBroken((c) => c.writeRaw('topics.yaml', ''));
    expect(err.problems.some((p) => p.file === 'topics.yaml')).toBe(true);
  });
});
