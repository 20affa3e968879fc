// "I'm already in hospital / already discharged and never filed": can I still file, by
// which date, and what if that has passed. Dates are Asia/Shanghai calendar days.
import { addDays, daysBetween, type LocalDate } from '../calendar.js';
import type { Knowledge } from '../knowledge/types.js';
import { mostSpecific } from './mostSpecific.js';
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
}

export type LateFilingSlot = 'region' | 'discharge' | 'admission';

export type LateFilingOutcome =
  | { status: 'need'; slot: LateFilingSlot }
  /** The admission date given lies in the future. */
  | { status: 'invalid-admission' }
  | {
      status: 'in-time';
      /** Last day to file, when the region counts days; else filing before discharge settlement. */
      lastDay?: LocalDate;
      daysLeft?: number;
      beforeDischarge: boolean;
      reasons: Reason[];
      how: string;
    }
  | { status: 'deadline-passed'; lastDay: LocalDate; reasons: Reason[]; next: Reason[] }
  | { status: 'after-discharge'; reasons: Reason[]; next: Reason[] };

export function lateFiling(k: Knowledge, input: LateFilingInput): LateFilingOutcome {
  const region = input.insuredRegion ?? (input.national ? 'national' : undefined);
  if (!region) return { status: 'need', slot: 'region' };
  const [rule] = mostSpecific(k, k.rules.lateFiling, region);
  const [national] = k.rules.lateFiling.filter((r) => r.region === 'national');
  if (!rule || !national) return { status: 'need', slot: 'region' };
  const reason = { text: rule.text, source: rule.source };
  const manual: Reason[] = national.afterDischarge
    ? [{ text: national.afterDischarge, source: national.afterSource ?? national.source }]
    : [];

  if (!input.dischargeStatus) return { status: 'need', slot: 'discharge' };
  // Discharged without a filing means the bill was settled at full price: what is left is
  // the manual claim under the insured region's rules.
  if (input.dischargeStatus === 'discharged')
    return { status: 'after-discharge', reasons: [reason], next: manual };
  if (rule.days !== undefined && !input.admissionDate) return { status: 'need', slot: 'admission' };
  if (input.admissionDate && daysBetween(input.admissionDate, input.today) < 0)
    return { status: 'invalid-admission' };

  if (rule.days !== undefined && input.admissionDate) {
    // The admission day itself is not counted: "入院10日内" ends on admission + 10.
    const lastDay = addDays(input.admissionDate, rule.days);
    const daysLeft = daysBetween(input.today, lastDay);
    if (daysLeft < 0) {
      return { status: 'deadline-passed', lastDay, reasons: [reason], next: manual };
    }
    return {
      status: 'in-time',
      lastDay,
      daysLeft,
      beforeDischarge: rule.beforeDischarge,
      reasons: [reason],
      how: rule.how,
    };
  }
  return { status: 'in-time', beforeDischarge: true, reasons: [reason], how: rule.how };
}
