// The rule that applies where the rules differ by region: those of the most specific level of
// the region's chain (新会区 → 江门 → 广东 → national, src/knowledge/regions.ts) that has any.
import type { Knowledge } from '../knowledge/types.js';

/** Rules of the most specific level of the chain that has any; `accept` filters candidates. */
export function mostSpecific<T extends { region: string }>(
  k: Knowledge,
  rules: T[],
  region: string | undefined,
  accept: (rule: T) => boolean = () => true,
): T[] {
  for (const level of k.regions.chain(region)) {
    const found = rules.filter((r) => r.region === level && accept(r));
    if (found.length > 0) return found;
  }
  return [];
}
