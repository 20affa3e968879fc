// "What do I need to bring?" — insured region and situation are enough; the list comes
// from the most specific region that has one (江门 → 广东 → national).
import type { TurnContext } from 'botbuilder-core';
import type { Reply } from '../src/answers/reply.js';
import type { Facts } from '../src/rules/facts.js';
import { localClassFor, localizeCategory } from '../src/rules/index.js';
import type { DialogDeps } from './dialogDeps.js';
import { SlotFillingDialog, type SlotQuestion } from './slotFillingDialog.js';
import { slotQuestion } from './slotQuestions.js';

export const MATERIALS_DIALOG = 'materials';

export class MaterialsDialog extends SlotFillingDialog {
  constructor(deps: DialogDeps) {
    super(MATERIALS_DIALOG, deps);
  }

  protected nextQuestion(facts: Facts): SlotQuestion | undefined {
    if (!this.deps.slots.has(facts, 'region')) return slotQuestion(this.deps.knowledge, 'region');
    if (!this.deps.slots.has(facts, 'situation')) return slotQuestion(this.deps.knowledge, 'situation');
    return undefined;
  }

  protected outcome(_context: TurnContext, facts: Facts): Reply {
    const k = this.deps.knowledge;
    const region = this.deps.slots.policyRegion(facts) ?? 'national';
    const category = localizeCategory(k, facts.categoryHints?.[0] ?? 'other-temporary', region);
    return this.deps.renderer.materials(
      category.id,
      facts,
      region,
      localClassFor(k, category.id, region)?.id,
    );
  }
}
