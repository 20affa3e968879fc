// A stated stay outweighs weak hint words: "陪孩子一年多" says long-term residence even though
// no hint word was used, and "去北京看病…待一年多" is more than a temporary trip. The
// threshold is the insured region's residence minimum (rules.yaml), the category and the
// outweighed hints come from categories.yaml stayLength.
import type { Knowledge } from '../knowledge/types.js';
import { mostSpecific } from './mostSpecific.js';

/** The category hints once the stated stay length is weighed in (most likely first). */
export function weighStay(
  k: Knowledge,
  hints: string[],
  durationMonths: number | undefined,
  region: string | undefined,
): string[] {
  const cfg = k.categories.stayLength;
  if (durationMonths === undefined) return hints;
  if (hints.length > 0 && !cfg.outweighs.includes(hints[0] as string)) return hints;
  const [rule] = mostSpecific(k, k.rules.residence, region, (r) => r.appliesTo.includes(cfg.category));
  if (durationMonths < (rule?.minMonths ?? cfg.minMonths)) return hints;
  return [cfg.category, ...hints.filter((h) => h !== cfg.category)];
}
