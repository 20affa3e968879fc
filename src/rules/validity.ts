// How long a filing lasts and the constraints that come with it, per insured region.
import type { Knowledge } from '../knowledge/types.js';
import { mostSpecific } from './mostSpecific.js';
import type { Reason } from './reason.js';

export interface Validity {
  kind: 'single-visit' | 'months' | 'long-term';
  months?: number;
  reason: Reason;
  /** Another region's differing rule, named so the user sees that rules vary. */
  otherRules: Reason[];
}

export function validityFor(
  k: Knowledge,
  group: 'long-term' | 'temporary',
  region: string | undefined,
): Validity | undefined {
  const [rule] = mostSpecific(k, k.rules.validity, region, (r) => r.group === group);
  if (!rule) return undefined;
  const otherRules = k.rules.validity
    .filter((r) => r.group === group && r !== rule && r.kind !== rule.kind)
    .map((r) => ({ text: r.text, source: r.source }));
  return {
    kind: rule.kind,
    months: rule.months,
    reason: { text: rule.text, source: rule.source },
    otherRules,
  };
}

/** Commitments and follow-up duties (邢台半年内不变更, 江门超60天延期 …). */
export function constraintsFor(k: Knowledge, region: string | undefined, keys: string[]): Reason[] {
  return mostSpecific(k, k.rules.constraints, region, (r) => r.appliesTo.some((a) => keys.includes(a))).map(
    (r) => ({
      text: r.text,
      source: r.source,
    }),
  );
}

/** Situations a region lists as needing no filing (广东: 异地急诊抢救). */
export function noFilingNeeded(
  k: Knowledge,
  region: string | undefined,
  categoryId: string,
): Reason | undefined {
  const [rule] = mostSpecific(k, k.rules.noFilingNeeded, region, (r) => r.appliesTo.includes(categoryId));
  return rule ? { text: rule.text, source: rule.source } : undefined;
}
