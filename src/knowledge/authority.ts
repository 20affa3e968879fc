// Whose word an entry is. Official guidance (a region's own or the national guide) leads an
// answer; forum experience (the 2018 question-and-answer thread) only follows it, labelled,
// because a citizen would otherwise take one user's anecdote for the procedure.
import type { FaqEntry, SourceDoc } from './schema.js';
import type { Knowledge } from './types.js';

export type EntryAuthority = 'official' | 'forum';

export function isForumDoc(doc: SourceDoc | undefined): boolean {
  return doc?.authority === 'forum';
}

/** 'forum' when every document the entry cites is forum experience, else 'official'. */
export function entryAuthority(k: Knowledge, entry: FaqEntry): EntryAuthority {
  return entry.sources.every((c) => isForumDoc(k.sources.get(c.doc))) ? 'forum' : 'official';
}

/** The forum document a forum entry cites (for its label's date). */
export function forumDocOf(k: Knowledge, entry: FaqEntry): SourceDoc | undefined {
  return entry.sources.map((c) => k.sources.get(c.doc)).find(isForumDoc);
}
