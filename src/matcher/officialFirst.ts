// Official guidance leads an answer. When the best match is a forum-experience entry that the
// curators linked to the official entry answering the same question (experienceOf), the
// official entry is answered first and the forum experience follows it (labelled by the
// answer composer) — unless the official entry is another region's rule than the asker's.
import { entryAuthority } from '../knowledge/authority.js';
import type { Knowledge } from '../knowledge/types.js';
import { type Candidate, regionRelation } from './rank.js';

export function officialFirst(
  k: Knowledge,
  answers: Candidate[],
  candidates: Candidate[],
  policyRegion: string | undefined,
): Candidate[] {
  const [top, ...rest] = answers;
  if (!top || entryAuthority(k, top.entry) !== 'forum' || !top.entry.experienceOf) return answers;
  const official = k.entryById.get(top.entry.experienceOf);
  if (!official || answers.some((a) => a.entry.id === official.id)) return answers;
  const relation = regionRelation(k, official.region, policyRegion);
  if (relation === 'other' || relation === 'unspecified') return answers;
  const lead = candidates.find((c) => c.entry.id === official.id) ?? {
    entry: official,
    score: top.score,
    features: top.features,
    regionEffect: 0,
  };
  return [lead, top, ...rest].slice(0, Math.max(answers.length, 2));
}
