// "I'm already in hospital / already discharged and never filed": can I still file, by
// which date, and what if that has passed. Dates are Asia/Shanghai calendar days.
// Where the insured region's own rule and the national cross-province rule both apply, the
// precedence table (rules.yaml) says which governs; the other is shown beside it.
import { addDays, daysBetween, type LocalDate } from '../calendar.js';
import type { Knowledge } from '../knowledge/types.js';
import { type CareScope, careScope } from './careScope.js';
import { mostSpecific } from './mostSpecific.js';
import { precedenceFor } from './precedence.js';
import type { Reason } from './reason.js';

export interface LateFilingInput {
  insuredRegion?: string;
  /** The national rules were asked for explicitly (按国家规定 / 跨省). */
  national?: boolean;
  today: LocalDate;
  admissionDate?: LocalDate;
  dischargeStatus?: 'in-hospital' | 'discharged';
  /** Paid the bill in full at discharge. */
  selfPaid?: boolean;
  /** Where the patient is treated (decides cross-province or within the province). */
  treatmentRegion?: string;
  /** Said in words when no place was named (在外省 → true, 省内 → false). */
  crossProvince?: boolean;
}

export type LateFilingSlot = 'region' | 'discharge' | 'admission' | 'treatment';

/** The insured region's own rule, shown beside the national rule that governs this case. */
export interface OtherRule {
  reason: Reason;
  lastDay?: LocalDate;
  /** Days left by the other rule's own count (negative once it has passed). */
  daysLeft?: number;
}

export interface PrecedenceNote {
  /** Why the governing rule governs (rules.yaml precedence text, placeholders unfilled). */
  text: string;
  scope: CareScope;
  /** The region whose own rule is set beside the governing one. */
  ruleRegion: string;
  other?: OtherRule;
}

export type LateFilingOutcome =
  | { status: 'need'; slot: LateFilingSlot }
  /** The admission date given lies in the future. */
  | { status: 'invalid-admission' }
  | {
      status: 'in-time';
      /** Last day to file, when the governing rule counts days; else filing before discharge settlement. */
      lastDay?: LocalDate;
      daysLeft?: number;
      beforeDischarge: boolean;
      reasons: Reason[];
      how: string;
      precedence?: PrecedenceNote;
    }
  | {
      status: 'deadline-passed';
      lastDay: LocalDate;
      reasons: Reason[];
      /** Still in hospital: what can still be done now (never the steps for after discharge). */
      next: Reason[];
      precedence?: PrecedenceNote;
    }
  | { status: 'after-discharge'; reasons: Reason[]; next: Reason[]; selfPaid: boolean };

export function lateFiling(k: Knowledge, input: LateFilingInput): LateFilingOutcome {
  const region = input.insuredRegion ?? (input.national ? 'national' : undefined);
  if (!region) return { status: 'need', slot: 'region' };
  const [rule] = mostSpecific(k, k.rules.lateFiling, region);
  const [national] = k.rules.lateFiling.filter((r) => r.region === 'national');
  if (!rule || !national) return { status: 'need', slot: 'region' };
  const reason = { text: rule.text, source: rule.source };
  const nationalReason = { text: national.text, source: national.source };
  const manual: Reason[] = national.afterDischarge
    ? [{ text: national.afterDischarge, source: national.afterSource ?? national.source }]
    : [];

  if (!input.dischargeStatus) return { status: 'need', slot: 'discharge' };
  // Discharged without a filing means the bill was settled at full price: what is left is
  // the manual claim under the insured region's rules.
  if (input.dischargeStatus === 'discharged')
    return { status: 'after-discharge', reasons: [reason], next: manual, selfPaid: input.selfPaid === true };
  if (rule.days !== undefined && !input.admissionDate) return { status: 'need', slot: 'admission' };
  if (input.admissionDate && daysBetween(input.admissionDate, input.today) < 0)
    return { status: 'invalid-admission' };
  if (rule.days === undefined || !input.admissionDate)
    return { status: 'in-time', beforeDischarge: true, reasons: [reason], how: rule.how };

  // The admission day itself is not counted: "入院10日内" ends on admission + 10.
  const lastDay = addDays(input.admissionDate, rule.days);
  const daysLeft = daysBetween(input.today, lastDay);
  const scope = careScope(k, region, input.treatmentRegion, input.crossProvince);
  // Whether the national rule governs matters only once the region's own days have run out
  // or when it says so for this scope; before that, filing now satisfies both.
  if (daysLeft < 0 && scope === 'unknown') return { status: 'need', slot: 'treatment' };
  const order = precedenceFor(k, 'late-filing', scope);
  const note = (other?: OtherRule): PrecedenceNote | undefined =>
    order ? { text: order.text, scope, ruleRegion: rule.region, other } : undefined;

  if (order?.governs === 'national') {
    // Cross-province: filed before discharge settlement, the bill is still settled directly.
    return {
      status: 'in-time',
      beforeDischarge: true,
      reasons: [nationalReason],
      how: [national.how, rule.how].join('\n'),
      precedence: note({ reason, lastDay, daysLeft }),
    };
  }
  if (daysLeft < 0)
    return { status: 'deadline-passed', lastDay, reasons: [reason], next: [], precedence: note() };
  return {
    status: 'in-time',
    lastDay,
    daysLeft,
    beforeDischarge: rule.beforeDischarge,
    reasons: [reason],
    how: rule.how,
  };
}
