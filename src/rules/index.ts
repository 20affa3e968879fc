// The eligibility rules, in one pure module shared by the dialogs, the FAQ answers and the
// staff lookup. No botbuilder here: data comes from knowledge/, dates from an injected clock.

export { type CareScope, careScope } from './careScope.js';
export {
  byId,
  type CategoryResult,
  classify,
  type LocalClass,
  localClassFor,
  localizeCategory,
  type Situation,
  type Slot,
} from './category.js';
export { channelsFor, type Purpose } from './channels.js';
export {
  type LateFilingInput,
  type LateFilingOutcome,
  type LateFilingSlot,
  lateFiling,
  type OtherRule,
  type PrecedenceNote,
} from './lateFiling.js';
export { materialsFor } from './materials.js';
export { mostSpecific } from './mostSpecific.js';
export { type Precedence, precedenceFor } from './precedence.js';
export type { Reason } from './reason.js';
export { type SettlementInfo, settlementInfo } from './settlement.js';
export { weighStay } from './stayLength.js';
export { type ThirdPlaceInput, thirdPlaceFiling } from './thirdPlace.js';
export { constraintsFor, noFilingNeeded, type Validity, validityFor } from './validity.js';
