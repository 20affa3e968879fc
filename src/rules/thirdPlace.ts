// A long-term filer (备案在居住地) who goes to a third place for treatment: where the insured
// region's documents say so (邢台 2021, item 3), a temporary filing is needed before admission.
import type { Knowledge } from '../knowledge/types.js';
import type { Reason } from './reason.js';
import { constraintsFor } from './validity.js';

export interface ThirdPlaceInput {
  insuredRegion?: string;
  filedLongTerm: boolean;
  /** Where the long-term filing is (the place of residence told earlier). */
  residenceRegion?: string;
  /** Where the treatment now asked about will be. */
  treatmentRegion?: string;
}

/** The insured region's rule for treatment outside the filed place, or undefined when it does not apply. */
export function thirdPlaceFiling(k: Knowledge, input: ThirdPlaceInput): Reason[] | undefined {
  const { insuredRegion, residenceRegion, treatmentRegion } = input;
  if (!input.filedLongTerm || !insuredRegion || !treatmentRegion || !residenceRegion) return undefined;
  // The filed place itself, or a place within it, needs nothing new.
  if (k.regions.within(treatmentRegion, residenceRegion)) return undefined;
  if (k.regions.within(treatmentRegion, insuredRegion)) return undefined;
  const rules = constraintsFor(k, insuredRegion, ['long-term-filer']);
  return rules.length > 0 ? rules : undefined;
}
