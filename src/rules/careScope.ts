// Whether care is cross-province or within the insured province: which of several documents
// governs a case depends on it (rules.yaml precedence). Unknown when the place of care is.
import type { Knowledge } from '../knowledge/types.js';

export type CareScope = 'cross-province' | 'in-province' | 'unknown';

/** The province-level region enclosing `id` (a municipality such as 北京 is its own). */
function provinceOf(k: Knowledge, id: string | undefined): string | undefined {
  return k.regions.ancestors(id).find((r) => k.regions.get(r)?.level === 'province');
}

export function careScope(
  k: Knowledge,
  insuredRegion: string | undefined,
  treatmentRegion: string | undefined,
  /** Said in words (在外省 / 省内) when no place was named. */
  crossProvince?: boolean,
): CareScope {
  const home = provinceOf(k, insuredRegion);
  const away = provinceOf(k, treatmentRegion);
  if (home && away) return home === away ? 'in-province' : 'cross-province';
  if (crossProvince !== undefined) return crossProvince ? 'cross-province' : 'in-province';
  return 'unknown';
}
