// The slot loop every dialog shares: ask only for what is still missing, accept any facts
// a reply states (in any order), re-prompt with an example at most twice, then give up
// politely; when nothing is missing, the concrete dialog renders its outcome.
import type { Activity, TurnContext } from 'botbuilder-core';
import type { DialogContext, PromptValidatorContext, WaterfallStepContext } from 'botbuilder-dialogs';
import { fill } from '../src/answers/fill.js';
import type { Reply } from '../src/answers/reply.js';
import { isOutOfRange, optionsAgain } from '../src/assistant/basics/optionsAgain.js';
import type { SlotName } from '../src/assistant/slots.js';
import type { Facts } from '../src/rules/facts.js';
import type { DialogDeps } from './dialogDeps.js';
import { InterruptibleDialog, systemReply } from './interruptibleDialog.js';
import { TextPrompt, WaterfallDialog } from './sdk.js';

const PROMPT = 'slotPrompt';
const LOOP = 'slotLoop';
/** Re-prompts after the first question before giving up. */
const MAX_RETRIES = 2;

export interface SlotLoopOptions {
  facts: Facts;
  /** A general answer to show before the first question (the FAQ entry that started us). */
  intro?: Reply;
  /** A follow-up after a conclusion: the outcome is led by the facts it rests on. */
  followUp?: boolean;
}

interface StepValues {
  facts: Facts;
  slot: SlotName;
}

interface PromptValidations {
  slot: SlotName;
  facts: Facts;
}

export interface SlotQuestion {
  slot: SlotName;
  text: string;
  /** Offered as buttons / numbered options. */
  suggestions?: string[];
  /** Shown when a reply could not be understood. */
  example: string;
}

export abstract class SlotFillingDialog extends InterruptibleDialog {
  constructor(id: string, deps: DialogDeps) {
    super(id, deps);
    this.addDialog(new TextPrompt(PROMPT, (pc) => this.validate(pc)));
    this.addDialog(new WaterfallDialog(LOOP, [(s) => this.askStep(s), (s) => this.captureStep(s)]));
    this.initialDialogId = LOOP;
  }

  /** The next question, or undefined when everything needed is known. */
  protected abstract nextQuestion(facts: Facts): SlotQuestion | undefined;

  /** The outcome once nothing is missing. */
  protected abstract outcome(context: TurnContext, facts: Facts): Reply;

  protected freshOptions(): SlotLoopOptions {
    return { facts: {} };
  }

  protected answersPrompt(dc: DialogContext, text: string): boolean {
    const v = (dc.activeDialog?.state as { options?: { validations?: PromptValidations } } | undefined)
      ?.options?.validations;
    if (!v) return false;
    return this.deps.slots.fill(text, v.facts, v.slot, this.deps.clock()).filled.length > 0;
  }

  private async askStep(step: WaterfallStepContext) {
    const options = (step.options ?? { facts: {} }) as SlotLoopOptions;
    const question = this.nextQuestion(options.facts);
    if (!question) {
      const reply = await this.concluded(step.context, options.facts);
      await this.deps.send(step.context, options.followUp ? this.echoed(reply, options.facts) : reply);
      return step.endDialog(options.facts);
    }
    if (options.intro) await this.deps.send(step.context, options.intro);
    const values = step.values as StepValues;
    values.facts = options.facts;
    values.slot = question.slot;
    const common = this.deps.knowledge.dialogTexts.common;
    const intent = `dialog:${this.id}`;
    const prompt = this.deps.toActivity(
      step.context,
      systemReply(question.text, intent, question.suggestions),
    );
    const retry = this.deps.toActivity(
      step.context,
      systemReply(fill(common.retry, { example: question.example }), intent, question.suggestions),
    );
    const validations: PromptValidations = { slot: question.slot, facts: options.facts };
    return step.prompt(PROMPT, { prompt, retryPrompt: retry, validations });
  }

  private async captureStep(step: WaterfallStepContext) {
    const { facts, slot } = step.values as StepValues;
    const { facts: next, filled } = this.deps.slots.fill(
      String(step.result ?? ''),
      facts,
      slot,
      this.deps.clock(),
    );
    if (filled.length === 0) {
      await this.deps.send(
        step.context,
        systemReply(this.deps.knowledge.dialogTexts.common.giveUp, 'give-up'),
      );
      return step.endDialog();
    }
    await this.remember(step.context, next);
    return step.replaceDialog(LOOP, { facts: next } satisfies SlotLoopOptions);
  }

  /**
   * The outcome with the next steps as suggestions ("1" / the label picks one; the bot asks what
   * the step asks), leaving out the step this very dialog answers.
   */
  private async concluded(context: TurnContext, facts: Facts): Promise<Reply> {
    const reply = this.outcome(context, facts);
    const labels = this.deps.knowledge.dialogTexts.nextSteps
      .filter((s) => s.dialog !== this.id)
      .map((s) => s.label);
    const memory = await this.deps.memory.get(context);
    if (memory)
      await this.deps.memory.set(context, {
        ...memory,
        facts,
        pendingChoices: undefined,
        pendingSuggestions: undefined,
        pendingNextSteps: labels,
        concludedDialog: this.id,
      });
    return { ...reply, meta: { ...reply.meta, suggestions: labels } };
  }

  /** "按您前面说的情况（…）：" before the outcome, so a fact taken from earlier can be corrected. */
  private echoed(reply: Reply, facts: Facts): Reply {
    const region = this.deps.slots.policyRegion(facts);
    const described = this.deps.renderer.describeFacts(facts, region);
    const lead = fill(this.deps.knowledge.dialogTexts.common.followUpLead, { facts: described });
    return { ...reply, text: `${lead}\n${reply.text}` };
  }

  /** Facts learned in the dialog are the conversation's facts too (later questions use them). */
  private async remember(context: TurnContext, facts: Facts): Promise<void> {
    const memory = await this.deps.memory.get(context);
    if (memory) await this.deps.memory.set(context, { ...memory, facts });
  }

  private async validate(pc: PromptValidatorContext<string>): Promise<boolean> {
    if (!pc.recognized.succeeded) return false;
    const v = pc.options.validations as PromptValidations;
    const { filled } = this.deps.slots.fill(pc.recognized.value ?? '', v.facts, v.slot, this.deps.clock());
    // After MAX_RETRIES re-prompts the reply is let through: the capture step then gives up.
    if (filled.length > 0 || pc.attemptCount > MAX_RETRIES) return true;
    // "9" among 8 choices: say which numbers work (a reply sent here replaces the re-prompt).
    const prompt = pc.options.prompt as Partial<Activity> | undefined;
    const titles = (prompt?.suggestedActions?.actions ?? []).map((a) => String(a.title ?? a.value ?? ''));
    // Only a question that numbered its choices (not a 是/否 question with two buttons).
    const numbered = /(?:^|\n)1\. |回复 ?1 ?=/.test(String(prompt?.text ?? ''));
    if (numbered && isOutOfRange(pc.recognized.value ?? '', titles.length))
      await this.deps.send(
        pc.context,
        optionsAgain(this.deps.knowledge.messages, titles, `dialog:${this.id}`),
      );
    return false;
  }
}
