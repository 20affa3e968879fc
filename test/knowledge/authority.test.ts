// Source authority in the knowledge base: official guidance is cited first, experienceOf
// links a forum-only entry to an official one, and knowledge:check finds an official and a
// forum entry answering the same question without a link.
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeError, loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import { unlinkedOverlaps } from '../../src/matcher/authorityOverlap.js';
import { Matcher } from '../../src/matcher/index.js';
import { copyKnowledge, type KnowledgeCopy } from '../helpers/knowledgeCopy.js';

type Entry = Record<string, unknown> & { id: string; sources: Array<{ doc: string; quote: string }> };
type FaqFile = { entries: Entry[] };
const NOW = new Date('2026-11-25T04:00:00Z');

let copy: KnowledgeCopy | undefined;
afterEach(() => {
  copy?.remove();
  copy = undefined;
});

function problemsOf(change: (c: KnowledgeCopy) => void) {
  copy = copyKnowledge();
  change(copy);
  try {
    loadKnowledge(copy.dir);
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeError);
    return (err as KnowledgeError).problems;
  }
  return [];
}

const editEntry = (c: KnowledgeCopy, file: string, id: string, change: (e: Entry) => void) =>
  c.edit<FaqFile>(file, (f) => {
    const e = f.entries.find((x) => x.id === id);
    if (!e) throw new Error(`no entry ${id}`);
    change(e);
  });

describe('sources.yaml authority', () => {
  it('every document has an authority; the forum thread is forum experience', () => {
    const k = loadKnowledge(defaultKnowledgeDir);
    expect(k.sources.get('qa-thread')?.authority).toBe('forum');
    expect(k.sources.get('national-guide')?.authority).toBe('official-national');
    expect(k.sources.get('jiangmen-2024')?.authority).toBe('official-region');
  });

  it('a document without an authority is named by file and field', () => {
    const problems = problemsOf((c) =>
      c.edit<{ documents: Array<Record<string, unknown>> }>('sources.yaml', (s) => {
        delete s.documents[0]?.authority;
      }),
    );
    expect(problems.some((p) => p.file === 'sources.yaml' && String(p.field).includes('authority'))).toBe(
      true,
    );
  });
});

describe('the authority checks', () => {
  it('an entry citing the forum before official guidance is an error', () => {
    const problems = problemsOf((c) =>
      editEntry(c, 'faq/settlement.yaml', 'st-no-filing', (e) => e.sources.reverse()),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'faq/settlement.yaml', entry: 'st-no-filing', field: 'sources[0]' }),
    );
  });

  it('experienceOf must name an existing official entry, from a forum-only entry', () => {
    const problems = problemsOf((c) => {
      editEntry(c, 'faq/settlement.yaml', 'st-three-steps', (e) => {
        e.experienceOf = 'no-such-entry';
      });
      editEntry(c, 'faq/settlement.yaml', 'st-card-use', (e) => {
        e.experienceOf = 'st-hotline-12333';
      });
      editEntry(c, 'faq/national.yaml', 'nat-offline-filing', (e) => {
        e.experienceOf = 'nat-online-filing';
      });
    });
    const fields = problems.filter((p) => p.field === 'experienceOf').map((p) => p.entry);
    expect(fields).toEqual(expect.arrayContaining(['st-three-steps', 'st-card-use', 'nat-offline-filing']));
  });
});

describe('unlinked official and forum entries answering the same question', () => {
  const forumTwin = (linked: boolean) => (c: KnowledgeCopy) =>
    c.edit<FaqFile>('faq/settlement.yaml', (f) => {
      f.entries.push({
        id: 'st-forum-counter',
        topic: 'filing',
        region: 'national',
        question: '到医保经办机构窗口办异地就医备案，需要准备什么？',
        paraphrases: ['窗口办异地备案带啥', '线下办备案 要带哪些证件', '去医保局柜台备案需要什么'],
        answer: '约2018年网友说，要先去参保地的医保中心备案，登记要去的地方和结算方式。',
        sources: [{ doc: 'qa-thread', quote: '需要先去參保地的醫保中心進行備案' }],
        ...(linked ? { experienceOf: 'nat-offline-filing' } : {}),
      });
    });

  it('the shipped knowledge base has none', () => {
    const k = loadKnowledge(defaultKnowledgeDir);
    expect(unlinkedOverlaps(new Matcher(k), NOW)).toEqual([]);
  });

  it('a forum entry duplicating an official one is reported until it is linked', () => {
    copy = copyKnowledge();
    forumTwin(false)(copy);
    const found = unlinkedOverlaps(new Matcher(loadKnowledge(copy.dir)), NOW);
    expect(found).toContainEqual(
      expect.objectContaining({ official: 'nat-offline-filing', forum: 'st-forum-counter' }),
    );
    copy.remove();
    copy = copyKnowledge();
    forumTwin(true)(copy);
    const after = unlinkedOverlaps(new Matcher(loadKnowledge(copy.dir)), NOW);
    expect(after.filter((o) => o.forum === 'st-forum-counter')).toEqual([]);
  });
});
