// An answer written for the other group of filers does not fit the person: someone who told
// us they hold a long-term residence filing asking "能管多久" gets the long-term validity,
// not the temporary one. categories.yaml groupEntries lists which entries speak for a group.
import type { Knowledge } from '../knowledge/types.js';
import type { Candidate } from '../matcher/index.js';
import type { Facts } from '../rules/facts.js';

/** The filer group the facts establish: a long-term filing held, else the first hinted category's. */
export function groupOf(k: Knowledge, f: Facts): 'long-term' | 'temporary' | undefined {
  if (f.filedLongTerm) return 'long-term';
  const hinted = f.categoryHints?.[0];
  return k.categories.categories.find((c) => c.id === hinted)?.group;
}

/** The candidate to answer instead of `top` when `top` speaks for the other group, if one was found. */
export function groupFit(k: Knowledge, f: Facts, top: Candidate, candidates: Candidate[]): Candidate {
  const group = groupOf(k, f);
  if (!group) return top;
  const listed = (id: string) => k.categories.groupEntries.find((g) => g.entries.includes(id))?.group;
  const topGroup = listed(top.entry.id);
  if (!topGroup || topGroup === group) return top;
  return candidates.find((c) => listed(c.entry.id) === group) ?? top;
}
