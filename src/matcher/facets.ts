// Which aspect a question asks about (materials, phone, validity …), from phrase lists in
// lexicon.yaml. Two entries on one topic differ mostly in facet, so agreeing facets matter.
import { compact } from '../text/normalize.js';

export class FacetDetector {
  private readonly phrases: Array<[string, string]>;

  constructor(facets: Record<string, string[]>) {
    this.phrases = Object.entries(facets).flatMap(([facet, list]) =>
      list.map((p): [string, string] => [compact(p), facet]),
    );
  }

  /** Facets of a compact (normalized, no spaces) text. */
  detect(compactText: string): Set<string> {
    const found = new Set<string>();
    for (const [phrase, facet] of this.phrases) if (compactText.includes(phrase)) found.add(facet);
    return found;
  }
}
