// Base for every dialog: before a reply reaches the dialog's own prompt, check whether the
// user wants out (取消/算了), help (帮助), a fresh start (重新开始), or asked an unrelated
// FAQ question — which is answered before the dialog resumes ("我们继续：…").
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { fill } from '../src/answers/fill.js';
import type { Reply } from '../src/answers/reply.js';
import type { Knowledge } from '../src/knowledge/types.js';
import { compact, normalize } from '../src/text/normalize.js';
import type { TextInput } from '../src/text/turnText.js';
import type { DialogDeps } from './dialogDeps.js';
import { ComponentDialog, DialogTurnStatus } from './sdk.js';

export type Interruption = 'cancel' | 'help' | 'restart';

/** Which interruption a message is, if any: a short message containing one of the words. */
export function interruptionOf(knowledge: Knowledge, text: TextInput): Interruption | undefined {
  const t = typeof text === 'string' ? compact(normalize(text).text) : text.normalizedCompact;
  if (t.length === 0 || t.length > 14) return undefined;
  const i = knowledge.interrupts;
  const hit = (words: string[]) => words.some((w) => t.includes(compact(w)));
  if (hit(i.restart)) return 'restart';
  if (hit(i.cancel)) return 'cancel';
  if (hit(i.help)) return 'help';
  return undefined;
}

/** "不清楚" / "我忘了": an unclear answer to the question asked (re-prompted), not an FAQ question. */
export function isUnsure(knowledge: Knowledge, text: string): boolean {
  const t = compact(normalize(text).text);
  return t.length > 0 && t.length <= 8 && knowledge.interrupts.unsure.some((w) => t.includes(compact(w)));
}

export function systemReply(text: string, intent: string, suggestions: string[] = []): Reply {
  return { text, meta: { kind: 'dialog', intent, confidence: 1, fallback: false, sources: [], suggestions } };
}

export abstract class InterruptibleDialog extends ComponentDialog {
  constructor(
    id: string,
    protected readonly deps: DialogDeps,
  ) {
    super(id);
  }

  /** True when the reply answers something the dialog is waiting for. */
  protected abstract answersPrompt(dc: DialogContext, text: string): boolean;

  /** Start again with no facts (restart). */
  protected abstract freshOptions(): object;

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const text = typeof innerDc.context.activity.text === 'string' ? innerDc.context.activity.text : '';
    const common = this.deps.knowledge.dialogTexts.common;
    const info = this.deps.knowledge.dialogs.find((d) => d.id === this.id);
    switch (interruptionOf(this.deps.knowledge, text)) {
      case 'cancel':
        await this.deps.send(innerDc.context, systemReply(common.cancelled, 'cancel'));
        return innerDc.cancelAllDialogs();
      case 'help':
        await this.deps.send(
          innerDc.context,
          systemReply(fill(common.help, { name: info?.name ?? '', needs: info?.needs ?? '' }), 'help'),
        );
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'restart':
        await this.deps.send(innerDc.context, systemReply(common.restarted, 'restart'));
        await innerDc.cancelAllDialogs();
        return innerDc.beginDialog(this.initialDialogId, this.freshOptions());
      default:
        break;
    }
    if (!this.answersPrompt(innerDc, text) && !isUnsure(this.deps.knowledge, text)) {
      // An FAQ question in the middle: answer it, then pick the dialog up again.
      const memory = await this.deps.memory.get(innerDc.context);
      if (memory) {
        const turn = this.deps.faq.respond(text, memory, this.deps.clock());
        if (turn.match?.decision === 'answer' || turn.entry) {
          for (const reply of turn.replies) await this.deps.send(innerDc.context, reply);
          await this.deps.memory.set(innerDc.context, { ...turn.memory, facts: memory.facts });
          await this.deps.send(innerDc.context, systemReply(common.resume, 'resume'));
          await innerDc.repromptDialog();
          return { status: DialogTurnStatus.waiting };
        }
      }
    }
    return super.onContinueDialog(innerDc);
  }
}
