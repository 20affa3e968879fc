// The one bot every channel runs. Per turn: continue an active dialog (it handles its own
// interruptions), else answer as FAQ, start a dialog when the user describes their own
// situation, or acknowledge stated facts. State is saved after every turn.
import {
  ActivityHandler,
  ActivityTypes,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder-core';
import type { DialogSet, DialogState } from 'botbuilder-dialogs';
import { interruptionOf, systemReply } from '../../dialogs/interruptibleDialog.js';
import type { SlotLoopOptions } from '../../dialogs/slotFillingDialog.js';
import { fill } from '../answers/fill.js';
import type { OutcomeRenderer } from '../answers/outcomes.js';
import type { Reply } from '../answers/reply.js';
import { UNKNOWN_MENU_INTENT } from '../assistant/basics/basicReplies.js';
import { type ConversationMemory, emptyMemory } from '../assistant/conversationMemory.js';
import type { DialogRouter } from '../assistant/dialogRouter.js';
import type { FaqResponder } from '../assistant/faqResponder.js';
import { followUpDialog } from '../assistant/followUp.js';
import type { SlotFiller } from '../assistant/slots.js';
import type { Clock } from '../calendar.js';
import type { Knowledge } from '../knowledge/types.js';
import { HUMAN_MENU_KEY } from '../knowledge/wechatMenu.js';
import { isStorageUnavailable } from '../storage/errors.js';
import { compact, toSimplified } from '../text/normalize.js';
import { optionNumber } from '../text/optionNumber.js';
import { TurnText } from '../text/turnText.js';
import { BasicsTurn } from './basicsTurn.js';
import { DialogContexts } from './dialogContexts.js';
import { turnTextOf } from './preparedText.js';
import { RepeatGuard } from './repeatGuard.js';
import type { Replies } from './replies.js';

export const MAX_TEXT_LENGTH = 500;
/** An event asking for one FAQ entry or dialog by id (value): menus and links, e.g. WeChat CLICK. */
export const OPEN_EVENT = 'yidi/open';
/** The intent of the reply to an OPEN_EVENT whose id the knowledge does not know. */
export const UNKNOWN_MENU = UNKNOWN_MENU_INTENT;

export interface BotDeps {
  knowledge: Knowledge;
  faq: FaqResponder;
  router: DialogRouter;
  slots: SlotFiller;
  renderer: OutcomeRenderer;
  dialogs: DialogSet;
  /** The dialog set's state property: whether a dialog is in progress is read from it. */
  dialogState: StatePropertyAccessor<DialogState>;
  memory: StatePropertyAccessor<ConversationMemory>;
  conversationState: ConversationState;
  userState: UserState;
  clock: Clock;
  replies: Replies;
}

export class YidiBot extends ActivityHandler {
  /** Small talk, the human route, feedback, personal numbers (src/conversation/basicsTurn.ts). */
  private readonly basics: BasicsTurn;
  /** The same long answer twice in a row goes out as a short pointer (src/conversation/repeatGuard.ts). */
  private readonly repeats: RepeatGuard;
  /** Dialog contexts only for turns that continue or start a dialog (src/conversation/dialogContexts.ts). */
  private readonly dialogContexts: DialogContexts;

  constructor(private readonly deps: BotDeps) {
    super();
    this.dialogContexts = new DialogContexts(deps.dialogs, deps.dialogState);
    this.basics = new BasicsTurn({ ...deps, send: (context, reply) => this.send(context, reply) });
    this.repeats = new RepeatGuard(deps.conversationState, (context) =>
      deps.replies.inScript(context, deps.knowledge.messages.repeated),
    );
    this.onMessageReaction(async (context, next) => {
      await this.basics.reaction(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const joined = (context.activity.membersAdded ?? []).some((m) => m.id !== botId);
      if (joined) await this.basics.greet(context, this.welcome());
      await next();
    });
    this.onEvent(async (context, next) => {
      if (context.activity.name === OPEN_EVENT)
        await this.open(context, String(context.activity.value ?? ''));
      await next();
    });
  }

  /** Sends a reply in the script the user writes (Traditional back to Traditional writers). */
  send(context: TurnContext, reply: Reply): Promise<void> {
    return this.deps.replies.send(context, reply);
  }

  /** Save state after every turn, also when a handler threw (what was learned is kept). */
  override async run(context: TurnContext): Promise<void> {
    this.basics.watch(context);
    this.repeats.watch(context);
    try {
      await super.run(context);
    } catch (err) {
      // State is loaded (the dialog state → ConversationState.load) before anything is
      // sent: when the store is unreachable the turn is answered without state instead.
      if (!isStorageUnavailable(err)) throw err;
      await this.answerWithoutState(context);
    } finally {
      await this.basics.remember(context);
      await this.repeats.remember(context);
      await this.saveState(context);
    }
  }

  private async saveState(context: TurnContext): Promise<void> {
    try {
      await this.deps.conversationState.saveChanges(context, false);
      await this.deps.userState.saveChanges(context, false);
    } catch (err) {
      if (!isStorageUnavailable(err)) throw err; // the store logs its outage; the replies stand
    }
  }

  /** FAQ questions are answered from the message alone; multi-step help must wait for the store. */
  private async answerWithoutState(context: TurnContext): Promise<void> {
    const text = context.activity.type === ActivityTypes.Message ? String(context.activity.text ?? '') : '';
    const basic = text ? this.basics.stateless(text) : undefined;
    if (basic) return this.send(context, basic);
    const turn = text ? this.deps.faq.respond(text, emptyMemory(), this.deps.clock()) : undefined;
    const answered = turn?.match?.decision === 'answer';
    if (turn && answered) for (const reply of turn.replies) await this.send(context, reply);
    if (!turn || !answered || this.deps.router.route(text, turn, emptyMemory()))
      await this.send(context, this.system('stateUnavailable'));
  }

  welcome(): Reply {
    return {
      text: this.deps.knowledge.messages.welcome,
      meta: {
        kind: 'welcome',
        intent: 'welcome',
        confidence: 1,
        fallback: false,
        sources: [],
        suggestions: this.deps.faq.starterQuestions(),
      },
    };
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    // Prepared once: the router, the responder, the matcher and the turn log read these forms.
    let said = turnTextOf(context);
    let text = said.cleaned;
    this.deps.replies.markTraditional(context, said.traditional);
    if (!text) return this.send(context, this.system('emptyInput'));
    if (Array.from(text).length > MAX_TEXT_LENGTH) return this.send(context, this.system('tooLong'));
    context.activity.text = text;

    // An FAQ turn builds no dialog context: only a dialog in progress, or one that starts, needs it.
    if (await this.dialogContexts.active(context)) {
      // Asking for a person is answered at any point; the dialog stays where it was.
      if (await this.basics.duringDialog(context, text)) return;
      const dc = await this.dialogContexts.create(context);
      await dc.continueDialog();
      return;
    }
    const common = this.deps.knowledge.dialogTexts.common;
    // A next step offered after a conclusion ("1", "材料清单"): ask what that step asks.
    const step = await this.nextStep(context, text);
    if (step) {
      text = step;
      said = TurnText.of(step);
      context.activity.text = step;
    }
    const interruption = this.deps.router.isQuestion(said)
      ? undefined
      : interruptionOf(this.deps.knowledge, said);
    if (interruption === 'help')
      return this.send(context, systemReply(this.deps.knowledge.messages.welcome, 'help'));
    if (interruption === 'restart') {
      // 重新开始 outside a dialog (a next step, or said after a conclusion): forget the case.
      await this.deps.memory.set(context, emptyMemory());
      return this.send(
        context,
        systemReply(`${common.restarted}${this.deps.knowledge.messages.emptyInput}`, interruption),
      );
    }
    if (interruption) return this.send(context, systemReply(common.nothingToCancel, interruption));

    const memory = await this.deps.memory.get(context, emptyMemory());
    if (await this.basics.answer(context, text, memory)) return;
    const question = this.basics.cues.withoutGreeting(text);
    const turn = this.deps.faq.respond(question === text ? said : question, memory, this.deps.clock());
    await this.deps.memory.set(context, turn.memory);

    // A long-term filer naming another place of treatment: their insured region's rule for it.
    const thirdPlace = this.deps.renderer.thirdPlace(
      memory.facts,
      turn.memory.facts,
      this.deps.slots.policyRegion(turn.memory.facts),
    );
    if (thirdPlace) return this.send(context, thirdPlace);
    const dialogId = this.deps.router.route(said, turn, memory);
    if (dialogId) {
      const answer = turn.match?.decision === 'answer' ? turn.replies[0] : undefined;
      // The dialog's question follows at once: no feedback buttons in between.
      const intro = answer && { ...answer, meta: { ...answer.meta, askFeedback: false } };
      const dc = await this.dialogContexts.create(context);
      await dc.beginDialog(dialogId, { facts: turn.memory.facts, intro } satisfies SlotLoopOptions);
      return;
    }
    // "这个还能报吗" after a conclusion: answered from the finished case, not a fallback.
    const followUp = followUpDialog(this.deps.knowledge, said, memory, turn);
    if (followUp) {
      const options: SlotLoopOptions = { facts: turn.memory.facts, followUp: true };
      const dc = await this.dialogContexts.create(context);
      await dc.beginDialog(followUp, options);
      return;
    }
    if (this.deps.router.shouldAcknowledge(said, turn)) {
      // Talking about one's own insurance situation puts the conversation in our domain.
      await this.deps.memory.set(context, { ...turn.memory, inDomain: true });
      const region = this.deps.slots.policyRegion(turn.memory.facts);
      const facts = this.deps.renderer.describeFacts(turn.memory.facts, region);
      return this.send(context, systemReply(fill(common.ack, { facts }), 'acknowledge'));
    }
    for (const reply of turn.replies) await this.send(context, reply);
  }

  /** What the next step chosen by number or label asks, when next steps were offered last turn. */
  private async nextStep(context: TurnContext, text: string): Promise<string | undefined> {
    const memory = await this.deps.memory.get(context, emptyMemory());
    const offered = memory.pendingNextSteps;
    if (!offered || offered.length === 0) return undefined;
    await this.deps.memory.set(context, { ...memory, pendingNextSteps: undefined });
    const n = optionNumber(text);
    // A Traditional writer sees (and clicks) 材料清單: labels are compared in Simplified.
    const said = compact(toSimplified(text));
    const label = n !== undefined ? offered[n - 1] : offered.find((l) => compact(l) === said);
    return this.deps.knowledge.dialogTexts.nextSteps.find((s) => s.label === label)?.ask;
  }

  /**
   * A menu or link asked for one FAQ entry or dialog by id (a WeChat menu's EventKey): answer
   * that entry, or start that dialog, leaving any dialog in progress. Unknown ids fall back.
   */
  private async open(context: TurnContext, id: string): Promise<void> {
    const dc = await this.dialogContexts.create(context);
    const memory = await this.deps.memory.get(context, emptyMemory());
    if (id === HUMAN_MENU_KEY) return this.basics.human(context);
    const entry = this.deps.knowledge.entryById.get(id);
    const dialog = entry ? undefined : this.deps.dialogs.find(id);
    if (dc.activeDialog && (entry || dialog)) await dc.cancelAllDialogs();
    if (entry) {
      const turn = this.deps.faq.answer(entry, 1, memory);
      await this.deps.memory.set(context, turn.memory);
      for (const reply of turn.replies) await this.send(context, reply);
      return;
    }
    if (dialog) {
      await dc.beginDialog(id, { facts: memory.facts } satisfies SlotLoopOptions);
      return;
    }
    // An unknown key (an old or forged menu): say what we can do; the channel logs a warning.
    await this.basics.unknownMenu(context);
  }

  private system(key: 'emptyInput' | 'tooLong' | 'stateUnavailable'): Reply {
    return {
      text: this.deps.knowledge.messages[key],
      meta: { kind: 'system', intent: key, confidence: 0, fallback: true, sources: [], suggestions: [] },
    };
  }
}
