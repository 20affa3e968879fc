// Unanswered questions grouped by similarity, so curators see one row per missing topic
// (护照过期了怎么换 / 护照过期怎么办 / 护照过期了去哪换) with how often it came up. Two
// questions are similar when their character bigrams overlap enough (Dice coefficient);
// groups are built greedily from the most frequent wording, which then names the group.
import type { TurnRecord } from '../storage/turnLog/turnLog.js';

/** Dice coefficient of the bigram sets at or above this: the same question. */
export const SIMILAR = 0.5;
const MAX_VARIANTS = 5;

export interface NearMatch {
  id: string;
  question: string;
  score: number;
}

export interface QuestionGroup {
  /** The most frequent wording. */
  question: string;
  count: number;
  users: number;
  /** Other wordings in the group, most frequent first (at most five). */
  variants: string[];
  lastSeen: number;
  /** The entry the representative question came closest to, when any. */
  nearest?: NearMatch;
}

const compactText = (q: string) => q.toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, '');

function bigrams(text: string): Set<string> {
  const chars = [...text];
  if (chars.length < 2) return new Set(chars);
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  return out;
}

export function similarity(a: string, b: string): number {
  const x = bigrams(compactText(a));
  const y = bigrams(compactText(b));
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared += 1;
  return (2 * shared) / (x.size + y.size);
}

interface Wording {
  key: string;
  question: string;
  records: TurnRecord[];
  grams: Set<string>;
  lastAt: number;
}

export function groupSimilar(
  records: TurnRecord[],
  limit: number,
  nearest: (question: string) => NearMatch | undefined = () => undefined,
): QuestionGroup[] {
  const wordings = new Map<string, Wording>();
  for (const r of records) {
    const key = compactText(r.question);
    if (!key) continue;
    const w = wordings.get(key) ?? {
      key,
      question: r.question,
      records: [],
      grams: bigrams(key),
      lastAt: r.at,
    };
    w.records.push(r);
    // The newest spelling names the wording (as in the text report).
    if (r.at >= w.lastAt) {
      w.question = r.question;
      w.lastAt = r.at;
    }
    wordings.set(key, w);
  }
  const ordered = [...wordings.values()].sort(
    (a, b) => b.records.length - a.records.length || a.key.localeCompare(b.key),
  );
  const groups: Wording[][] = [];
  for (const w of ordered) {
    const home = groups.find((g) => dice(g[0] as Wording, w) >= SIMILAR);
    if (home) home.push(w);
    else groups.push([w]);
  }
  return groups
    .map((g) => {
      const all = g.flatMap((w) => w.records);
      const head = g[0] as Wording;
      return {
        question: head.question,
        count: all.length,
        users: new Set(all.map((r) => r.userHash)).size,
        variants: g.slice(1, 1 + MAX_VARIANTS).map((w) => w.question),
        lastSeen: Math.max(...all.map((r) => r.at)),
      };
    })
    .sort((a, b) => b.count - a.count || b.users - a.users || b.lastSeen - a.lastSeen)
    .slice(0, limit)
    .map((group) => {
      const near = nearest(group.question);
      return near ? { ...group, nearest: near } : group;
    });
}

function dice(a: Wording, b: Wording): number {
  if (a.grams.size === 0 || b.grams.size === 0) return 0;
  let shared = 0;
  for (const g of a.grams) if (b.grams.has(g)) shared += 1;
  return (2 * shared) / (a.grams.size + b.grams.size);
}
