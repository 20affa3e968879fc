// "I'm already in hospital / discharged and never filed": insured region, in hospital or
// not, admission date → can I still file, the last day as a date, and what if it passed.
import type { TurnContext } from 'botbuilder-core';
import type { Reply } from '../src/answers/reply.js';
import { shanghaiDate } from '../src/calendar.js';
import type { Facts } from '../src/rules/facts.js';
import { lateFiling, mostSpecific } from '../src/rules/index.js';
import type { DialogDeps } from './dialogDeps.js';
import { SlotFillingDialog, type SlotQuestion } from './slotFillingDialog.js';
import { slotQuestion } from './slotQuestions.js';

export const LATE_FILING_DIALOG = 'late-filing';

export class LateFilingDialog extends SlotFillingDialog {
  constructor(deps: DialogDeps) {
    super(LATE_FILING_DIALOG, deps);
  }

  private evaluate(facts: Facts) {
    return lateFiling(this.deps.knowledge, {
      insuredRegion: this.deps.slots.policyRegion(facts),
      national: facts.national,
      today: shanghaiDate(this.deps.clock()),
      admissionDate: facts.admissionDate,
      dischargeStatus: facts.dischargeStatus,
      selfPaid: facts.selfPaid,
      treatmentRegion: facts.treatmentRegion,
      crossProvince: facts.crossProvince,
    });
  }

  protected nextQuestion(facts: Facts): SlotQuestion | undefined {
    const k = this.deps.knowledge;
    const outcome = this.evaluate(facts);
    if (outcome.status === 'invalid-admission') {
      return { ...slotQuestion(k, 'admission'), text: k.dialogTexts.common.invalidDate };
    }
    if (outcome.status !== 'need') return undefined;
    // Say the rule first, then ask for the date that turns it into a deadline.
    const [rule] = mostSpecific(k, k.rules.lateFiling, this.deps.slots.policyRegion(facts));
    return slotQuestion(
      k,
      outcome.slot,
      outcome.slot === 'admission' || outcome.slot === 'treatment' ? rule?.text : undefined,
    );
  }

  protected outcome(_context: TurnContext, facts: Facts): Reply {
    const region = this.deps.slots.policyRegion(facts) ?? 'national';
    return this.deps.renderer.lateFiling(
      this.evaluate(facts),
      facts,
      region,
      shanghaiDate(this.deps.clock()),
    );
  }
}
