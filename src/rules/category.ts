// Which kind of filing applies: the person category, the local class where the insured
// region numbers its own (江门第一/二/三类), or which fact is still missing. Unclear
// facts are asked for, never guessed.
import type { Category, Knowledge } from '../knowledge/types.js';
import { mostSpecific } from './mostSpecific.js';
import type { Reason } from './reason.js';
import { weighStay } from './stayLength.js';

export interface Situation {
  insuredRegion?: string;
  /** Category ids hinted by what the user said, most recent first. */
  categoryHints: string[];
  durationMonths?: number;
  /** The user called the stay long-term without a number (长期派驻, 一直住, 好几年). */
  statedLongTerm?: boolean;
  /** Household registration moved to the new place (retirees, national rule). */
  householdMoved?: boolean;
}

export type Slot = 'region' | 'situation' | 'duration' | 'household';

export interface LocalClass {
  id: string;
  name: string;
  label: string;
  form?: string;
  filedBy: string;
}

export type CategoryResult =
  | { status: 'decided'; category: Category; localClass?: LocalClass; reasons: Reason[]; caveats: Reason[] }
  | { status: 'need'; slot: Slot; reasons: Reason[] }
  /** Away for less than the rule's minimum: a temporary filing fits instead. */
  | { status: 'too-short'; category: Category; fallback: Category; reasons: Reason[] }
  /** The insured region's own list of situations has no place for this one. */
  | { status: 'not-covered'; category: Category; reasons: Reason[] };

export function byId(k: Knowledge, id: string): Category {
  const found = k.categories.categories.find((c) => c.id === id);
  if (!found) throw new Error(`unknown category ${id}`);
  return found;
}

/** A condition written in a region's own document applies only to people insured there. */
function conditionReasons(k: Knowledge, category: Category, region: string): Reason[] {
  return category.conditions
    .filter((c) => {
      const docRegion = k.sources.get(c.source.doc)?.region ?? 'national';
      return docRegion === 'national' || k.regions.within(region, docRegion);
    })
    .map((c) => ({ text: c.text, source: c.source }));
}

/** The category as the insured region's rules see it (students outside Jiangmen are residents …). */
export function localizeCategory(k: Knowledge, categoryId: string, region: string): Category {
  return localize(k, byId(k, categoryId), region);
}

/** The insured region's own numbered class for a category (江门第一/二/三类), if it has one. */
export function localClassFor(k: Knowledge, categoryId: string, region: string): LocalClass | undefined {
  const scheme = k.categories.schemes.find((sc) => k.regions.within(region, sc.region));
  const cls = scheme?.classes.find((c) => c.categories.includes(categoryId));
  if (!cls) return undefined;
  const { id, name, label, form, filedBy } = cls;
  return { id, name, label, form, filedBy };
}

function localize(k: Knowledge, category: Category, region: string): Category {
  // A kind only one region's documents define (邢台's 外出务工/就业创业, 江门's students,
  // 广东's maternity filing) is, elsewhere, the general kind it belongs to.
  if (category.region !== 'national' && !k.regions.within(region, category.region)) {
    return byId(k, category.group === 'long-term' ? 'long-term-resident' : 'other-temporary');
  }
  // A local scheme that does not name a long-term kind treats it as long-term residence.
  const scheme = k.categories.schemes.find((sc) => k.regions.within(region, sc.region));
  const named = (id: string) => scheme?.classes.some((c) => c.categories.includes(id));
  if (scheme && category.group === 'long-term' && !named(category.id) && named('long-term-resident')) {
    return byId(k, 'long-term-resident');
  }
  return category;
}

export function classify(k: Knowledge, s: Situation): CategoryResult {
  const region = s.insuredRegion;
  if (!region) return { status: 'need', slot: 'region', reasons: [] };
  const hints = weighStay(k, s.categoryHints, s.durationMonths, region);
  const hinted = hints.map((id) => k.categories.categories.find((c) => c.id === id)).find(Boolean);
  if (!hinted) return { status: 'need', slot: 'situation', reasons: [] };
  let category = localize(k, hinted, region);
  const reasons = conditionReasons(k, category, region);
  const caveats: Reason[] = [];

  if (category.group === 'long-term') {
    const cat = category;
    const [rule] = mostSpecific(k, k.rules.residence, region, (r) => r.appliesTo.includes(cat.id));
    if (rule) {
      const reason = { text: rule.text, source: rule.source };
      if (s.durationMonths === undefined && !s.statedLongTerm)
        return { status: 'need', slot: 'duration', reasons: [reason] };
      if (s.durationMonths !== undefined && s.durationMonths < rule.minMonths) {
        const fallback = byId(k, s.categoryHints.includes('emergency') ? 'emergency' : 'other-temporary');
        // Where the local scheme has no class for the temporary fallback (江门 lists only
        // transfers and sudden illness), say so instead of promising a filing.
        const scheme = k.categories.schemes.find((sc) => k.regions.within(region, sc.region));
        if (scheme && !scheme.classes.some((c) => c.categories.includes(fallback.id))) {
          return { status: 'not-covered', category: fallback, reasons: [reason] };
        }
        return { status: 'too-short', category, fallback, reasons: [reason] };
      }
      (s.durationMonths === undefined ? caveats : reasons).push(reason);
    }
    const [household] = mostSpecific(k, k.rules.householdMove, region, (r) => r.appliesTo.includes(cat.id));
    // Only where the national definition governs: Xingtai and Jiangmen define retirees their own way.
    const ownDefinition =
      k.categories.schemes.some((sc) => k.regions.within(region, sc.region)) ||
      k.regions.within(region, 'xingtai');
    if (household && !ownDefinition) {
      const reason = { text: household.text, source: household.source };
      if (s.householdMoved === undefined) return { status: 'need', slot: 'household', reasons: [reason] };
      reasons.push(reason);
      if (!s.householdMoved) category = byId(k, 'long-term-resident');
    }
  }

  const scheme = k.categories.schemes.find((sc) => k.regions.within(region, sc.region));
  if (!scheme) return { status: 'decided', category, reasons, caveats };
  const cat = category;
  const cls = scheme.classes.find((c) => c.categories.includes(cat.id));
  const classReasons = (c: (typeof scheme.classes)[number]) =>
    c.conditions.map((x) => ({ text: x.text, source: x.source }));
  if (!cls) {
    return {
      status: 'not-covered',
      category,
      reasons: scheme.classes.flatMap((c) => classReasons(c).slice(0, 1)),
    };
  }
  const { id, name, label, form, filedBy } = cls;
  // The category's own conditions from the scheme region's document, else the class's.
  const local = reasons.filter((r) => k.sources.get(r.source.doc)?.region === scheme.region);
  const why = [
    ...(local.length > 0 ? local : classReasons(cls).slice(0, 1)),
    ...reasons.filter((r) => !r.source.doc.startsWith('national') && !local.includes(r)),
  ];
  return {
    status: 'decided',
    category,
    localClass: { id, name, label, form, filedBy },
    reasons: dedupe(why),
    caveats,
  };
}

function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  const out: Reason[] = [];
  for (const r of reasons) {
    if (seen.has(r.text)) continue;
    seen.add(r.text);
    out.push(r);
  }
  return out;
}
