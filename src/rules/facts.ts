// The facts a user has told us about their situation: what the rules decide on. Gathered
// over a conversation from each message's entities (newest wins).
import type { LocalDate } from '../calendar.js';
import type { Entities } from '../matcher/entities.js';

/** Facts the user has told us about their situation, accumulated over the conversation. */
export interface Facts {
  insuredRegion?: string;
  treatmentRegion?: string;
  /** Regions named without a clear role (江门 台山 电话). */
  namedRegions?: string[];
  categoryHints?: string[];
  durationMonths?: number;
  admissionDate?: LocalDate;
  dischargeStatus?: 'in-hospital' | 'discharged';
  selfPaid?: boolean;
  statedLongTerm?: boolean;
  householdMoved?: boolean;
  /** Already holds a long-term residence filing. */
  filedLongTerm?: boolean;
  /** The user asked for the national (cross-province) rules. */
  national?: boolean;
  /** Care is in another province (外省) or within the insured one (省内), said without a place. */
  crossProvince?: boolean;
  /** Whose case these facts are (self, father, mother, child, spouse, family). */
  subject?: string;
  /** The insured region was carried over from another person's case: echo it so it can be corrected. */
  carriedRegion?: boolean;
  /** Not yet admitted: advice for before admission only. */
  beforeAdmission?: boolean;
  /** The cases of the other people talked about, by subject: switching back restores one. */
  cases?: Record<string, Facts>;
}

/**
 * A message about another person starts a new case: the earlier person's stay, stage and
 * category do not carry over; the insured region does (families are often insured together),
 * marked so the conclusion echoes it.
 */
function caseFor(old: Facts, subject: string | undefined): Facts {
  if (!subject || !old.subject || subject === old.subject) return old;
  // The case being left is kept, so that talking about that person again restores it.
  const { cases: kept, ...leaving } = old;
  const cases = { ...kept, [old.subject]: leaving };
  const earlier = cases[subject];
  if (earlier) {
    delete cases[subject];
    return { ...earlier, cases };
  }
  const carried = old.insuredRegion !== undefined || (old.namedRegions?.length ?? 0) > 0;
  return {
    insuredRegion: old.insuredRegion,
    namedRegions: old.namedRegions,
    national: old.national,
    subject,
    cases,
    ...(carried ? { carriedRegion: true } : {}),
  };
}

/** New facts override old ones; lists are merged with the newest first. */
export function mergeFacts(previous: Facts, e: Entities): Facts {
  const old = caseFor(previous, e.subject);
  const merged: Facts = { ...old };
  if (e.subject) merged.subject = e.subject;
  if (e.insuredRegion || e.regions.some((r) => r.role === 'unknown' && r.id !== 'national'))
    delete merged.carriedRegion;
  if (e.insuredRegion) merged.insuredRegion = e.insuredRegion;
  if (e.treatmentRegion) merged.treatmentRegion = e.treatmentRegion;
  const named = e.regions.filter((r) => r.role === 'unknown' && r.id !== 'national').map((r) => r.id);
  if (named.length > 0)
    merged.namedRegions = [...new Set([...named, ...(old.namedRegions ?? [])])].slice(0, 6);
  if (e.categoryHints.length > 0) {
    merged.categoryHints = [...new Set([...e.categoryHints, ...(old.categoryHints ?? [])])].slice(0, 6);
  }
  if (e.durationMonths !== undefined) merged.durationMonths = e.durationMonths;
  if (e.admissionDate) merged.admissionDate = e.admissionDate;
  if (e.dischargeStatus) merged.dischargeStatus = e.dischargeStatus;
  // The newest stage wins: admitted (a date, a stay) or not yet.
  if (e.dischargeStatus || e.admissionDate) delete merged.beforeAdmission;
  if (e.beforeAdmission) {
    merged.beforeAdmission = true;
    delete merged.dischargeStatus;
    delete merged.admissionDate;
    delete merged.selfPaid;
  }
  if (e.selfPaid) merged.selfPaid = true;
  if (e.statedLongTerm) merged.statedLongTerm = true;
  if (e.householdMoved !== undefined) merged.householdMoved = e.householdMoved;
  if (e.filedLongTerm) merged.filedLongTerm = true;
  if (e.regions.some((r) => r.id === 'national')) merged.national = true;
  return merged;
}

/** Every region the user named, most specific/insured first (for phone rows, region bias). */
export function regionsOf(f: Facts): string[] {
  return [f.insuredRegion, ...(f.namedRegions ?? []), f.treatmentRegion].filter((r): r is string =>
    Boolean(r),
  );
}
