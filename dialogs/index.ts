// The dialog set the bot runs: one ComponentDialog per file, registered under the ids that
// knowledge/dialogs.yaml and FAQ entries use.
import type { StatePropertyAccessor } from 'botbuilder-core';
import type { DialogState } from 'botbuilder-dialogs';
import type { DialogDeps } from './dialogDeps.js';
import { EligibilityDialog } from './eligibilityDialog.js';
import { LateFilingDialog } from './lateFilingDialog.js';
import { MaterialsDialog } from './materialsDialog.js';
import { DialogSet } from './sdk.js';
import { SettlementDialog } from './settlementDialog.js';

export function createDialogSet(state: StatePropertyAccessor<DialogState>, deps: DialogDeps): DialogSet {
  const set = new DialogSet(state);
  set.add(new EligibilityDialog(deps));
  set.add(new LateFilingDialog(deps));
  set.add(new MaterialsDialog(deps));
  set.add(new SettlementDialog(deps));
  return set;
}

export type { DialogDeps } from './dialogDeps.js';
export type { SlotLoopOptions } from './slotFillingDialog.js';
