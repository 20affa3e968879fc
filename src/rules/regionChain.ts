// Region look-up shared by every rule: a rule written for 江门 applies to 新会区, one for
// 广东 to 江门 unless 江门 has its own, and 'national' applies everywhere else.
import type { Knowledge } from '../knowledge/types.js';

/** The region and every region enclosing it, most specific first, ending with 'national'. */
export function regionChain(k: Knowledge, region: string | undefined): string[] {
  const chain: string[] = [];
  let cur = region;
  while (cur && !chain.includes(cur)) {
    chain.push(cur);
    cur = k.regions.get(cur)?.parent;
  }
  if (!chain.includes('national')) chain.push('national');
  return chain;
}

/** Rules of the most specific level of the chain that has any; `accept` filters candidates. */
export function mostSpecific<T extends { region: string }>(
  k: Knowledge,
  rules: T[],
  region: string | undefined,
  accept: (rule: T) => boolean = () => true,
): T[] {
  for (const level of regionChain(k, region)) {
    const found = rules.filter((r) => r.region === level && accept(r));
    if (found.length > 0) return found;
  }
  return [];
}

/** The covered region (one with documents of its own) whose rules govern `region`. */
export function ruleRegion(k: Knowledge, region: string | undefined): string {
  for (const level of regionChain(k, region)) if (k.regions.get(level)?.covered) return level;
  return 'national';
}

/** True when `inner` is `outer` or lies inside it. */
export function within(k: Knowledge, inner: string | undefined, outer: string): boolean {
  return regionChain(k, inner).includes(outer);
}
