// knowledge:check's look for an official entry and a forum-experience entry that answer the
// same question without being linked: each entry's own question is run through the matcher,
// and an entry of the other authority scoring about as well (close enough to be offered
// beside it in did-you-mean, and confidently) is reported unless the curators linked the two (experienceOf or related). A
// link lets the official answer lead and the forum experience follow it.
import { entryAuthority } from '../knowledge/authority.js';
import type { FaqEntry } from '../knowledge/types.js';
import type { Matcher } from './index.js';

export interface AuthorityOverlap {
  official: string;
  forum: string;
  /** The question both answer (the one run through the matcher). */
  question: string;
}

const linked = (a: FaqEntry, b: FaqEntry) =>
  a.experienceOf === b.id || b.experienceOf === a.id || a.related.includes(b.id) || b.related.includes(a.id);

export function unlinkedOverlaps(matcher: Matcher, now: Date): AuthorityOverlap[] {
  const k = matcher.knowledge;
  const s = k.matcher;
  const found = new Map<string, AuthorityOverlap>();
  for (const entry of k.entries) {
    const own = entryAuthority(k, entry);
    const r = matcher.match(entry.question, { now });
    const self = r.candidates.find((c) => c.entry.id === entry.id);
    if (!self) continue;
    for (const c of r.candidates) {
      if (c.entry.id === entry.id || entryAuthority(k, c.entry) === own) continue;
      if (c.score < s.confident || self.score - c.score > s.suggestSpread || linked(entry, c.entry)) continue;
      const [official, forum] = own === 'official' ? [entry, c.entry] : [c.entry, entry];
      const key = `${official.id}|${forum.id}`;
      if (!found.has(key))
        found.set(key, { official: official.id, forum: forum.id, question: entry.question });
    }
  }
  return [...found.values()];
}
