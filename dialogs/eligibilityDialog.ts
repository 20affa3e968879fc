// "Which filing applies to me?" — collects insured region, situation and (where a rule
// needs it) how long, then says which category / local class, why, what to bring, where
// to file and how long it is valid.
import type { TurnContext } from 'botbuilder-core';
import type { Reply } from '../src/answers/reply.js';
import type { Facts } from '../src/rules/facts.js';
import { classify } from '../src/rules/index.js';
import type { DialogDeps } from './dialogDeps.js';
import { SlotFillingDialog, type SlotQuestion } from './slotFillingDialog.js';
import { slotQuestion } from './slotQuestions.js';

export const ELIGIBILITY_DIALOG = 'eligibility';

export class EligibilityDialog extends SlotFillingDialog {
  constructor(deps: DialogDeps) {
    super(ELIGIBILITY_DIALOG, deps);
  }

  private situation(facts: Facts) {
    return {
      insuredRegion: this.deps.slots.policyRegion(facts),
      categoryHints: facts.categoryHints ?? [],
      durationMonths: facts.durationMonths,
      statedLongTerm: facts.statedLongTerm,
      householdMoved: facts.householdMoved,
    };
  }

  protected nextQuestion(facts: Facts): SlotQuestion | undefined {
    const result = classify(this.deps.knowledge, this.situation(facts));
    if (result.status !== 'need') return undefined;
    const lead = result.reasons[0]?.text;
    return slotQuestion(this.deps.knowledge, result.slot, lead);
  }

  protected outcome(_context: TurnContext, facts: Facts): Reply {
    const s = this.situation(facts);
    return this.deps.renderer.eligibility(
      classify(this.deps.knowledge, s),
      facts,
      s.insuredRegion ?? 'national',
    );
  }
}
