// The gazetteer (regions.yaml) as a tree, and the one place that walks it: which regions
// enclose a region, whether one lies within another, whether the documents cover it and
// whose rules govern it (which a source line names: src/answers/compose.ts). A rule written for 江门
// applies to 新会区; one for 广东 applies to 江门 unless 江门 has its own; 'national' (the
// root) applies everywhere else.
import type { Region } from './schema.js';

export const NATIONAL = 'national';

export class Regions extends Map<string, Region> {
  constructor(regions: Iterable<Region>) {
    super([...regions].map((r) => [r.id, r]));
  }

  /** The region and every region enclosing it, most specific first (a cycle stops the walk). */
  ancestors(id: string | undefined): string[] {
    const chain: string[] = [];
    for (let cur = id; cur && !chain.includes(cur); cur = this.get(cur)?.parent) chain.push(cur);
    return chain;
  }

  /** `ancestors`, always ending with 'national' (an unknown or absent region: just 'national'). */
  chain(id: string | undefined): string[] {
    const chain = this.ancestors(id);
    return chain.includes(NATIONAL) ? chain : [...chain, NATIONAL];
  }

  /** True when `inner` is `outer` or lies inside it. */
  within(inner: string | undefined, outer: string): boolean {
    return this.chain(inner).includes(outer);
  }

  /** The documents have rules for this region or for one enclosing it (national aside). */
  covered(id: string): boolean {
    return this.ancestors(id).some((r) => r !== NATIONAL && this.get(r)?.covered === true);
  }

  /** The covered region whose rules govern `id`: the most specific one enclosing it, else 'national'. */
  ruleRegion(id: string | undefined): string {
    return this.chain(id).find((r) => this.get(r)?.covered) ?? NATIONAL;
  }
}
