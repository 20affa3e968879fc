// What to bring: the material sets of the most specific region that has any for this
// category (江门 before 广东 before the national list), plus that region's common items.
import type { Knowledge, MaterialSet } from '../knowledge/types.js';

export function materialsFor(
  k: Knowledge,
  categoryId: string,
  region: string | undefined,
  localClassId?: string,
): MaterialSet[] {
  const applies = (m: MaterialSet) =>
    m.appliesTo.includes(categoryId) || (localClassId !== undefined && m.appliesTo.includes(localClassId));
  for (const level of k.regions.chain(region)) {
    const sets = k.materials.filter((m) => m.region === level && applies(m));
    if (sets.length > 0) return sets;
  }
  return [];
}
