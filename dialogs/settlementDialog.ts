// "How will my bill be settled?" — with the insured region known: whose catalogue, whose
// policy, the steps with the social security card, and the documented scope.
import type { TurnContext } from 'botbuilder-core';
import type { Reply } from '../src/answers/reply.js';
import type { Facts } from '../src/rules/facts.js';
import type { DialogDeps } from './dialogDeps.js';
import { SlotFillingDialog, type SlotQuestion } from './slotFillingDialog.js';
import { slotQuestion } from './slotQuestions.js';

export const SETTLEMENT_DIALOG = 'settlement';

export class SettlementDialog extends SlotFillingDialog {
  constructor(deps: DialogDeps) {
    super(SETTLEMENT_DIALOG, deps);
  }

  protected nextQuestion(facts: Facts): SlotQuestion | undefined {
    return this.deps.slots.has(facts, 'region') ? undefined : slotQuestion(this.deps.knowledge, 'region');
  }

  protected outcome(_context: TurnContext, facts: Facts): Reply {
    return this.deps.renderer.settlement(facts, this.deps.slots.policyRegion(facts) ?? 'national');
  }
}
