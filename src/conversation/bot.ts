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
import type { DialogSet } from 'botbuilder-dialogs';
import { interruptionOf, systemReply } from '../../dialogs/interruptibleDialog.js';
import type { SlotLoopOptions } from '../../dialogs/slotFillingDialog.js';
import { fill } from '../answers/fill.js';
import type { OutcomeRenderer } from '../answers/outcomes.js';
import type { Reply } from '../answers/reply.js';
import { BasicReplies, UNKNOWN_MENU_INTENT } from '../assistant/basics/basicReplies.js';
import { BasicsCues, type Rating } from '../assistant/basics/cues.js';
import { type ConversationMemory, emptyMemory } from '../assistant/conversationMemory.js';
import type { DialogRouter } from '../assistant/dialogRouter.js';
import type { FaqResponder } from '../assistant/faqResponder.js';
import type { SlotFiller } from '../assistant/slots.js';
import type { Clock } from '../calendar.js';
import type { Knowledge } from '../knowledge/types.js';
import { HUMAN_MENU_KEY } from '../knowledge/wechatMenu.js';
import { isStorageUnavailable } from '../storage/errors.js';
import { cleanText, isTraditional } from '../text/normalize.js';
import type { Replies } from './replies.js';
import { metaOf } from './turn.js';

export const MAX_TEXT_LENGTH = 500;
/** An event asking for one FAQ entry or dialog by id (value): menus and links, e.g. WeChat CLICK. */
export const OPEN_EVENT = 'yidi/open';
/** The intent of the reply to an OPEN_EVENT whose id the knowledge does not know. */
export const UNKNOWN_MENU = UNKNOWN_MENU_INTENT;
/** This turn's last reply intent (not a system reply): what feedback next turn judges. */
const LAST_REPLY = Symbol('lastReply');
/** Bot Framework reaction types read as feedback; any other reaction is left unanswered. */
const REACTIONS: Record<string, Rating> = {
  like: 'helpful',
  plusone: 'helpful',
  heart: 'helpful',
  dislike: 'unhelpful',
  angry: 'unhelpful',
  sad: 'unhelpful',
};

export interface BotDeps {
  knowledge: Knowledge;
  faq: FaqResponder;
  router: DialogRouter;
  slots: SlotFiller;
  renderer: OutcomeRenderer;
  dialogs: DialogSet;
  memory: StatePropertyAccessor<ConversationMemory>;
  conversationState: ConversationState;
  userState: UserState;
  clock: Clock;
  replies: Replies;
}

export class YidiBot extends ActivityHandler {
  private readonly cues: BasicsCues;
  private readonly basics: BasicReplies;
  private readonly lastReply: StatePropertyAccessor<string | undefined>;

  constructor(private readonly deps: BotDeps) {
    super();
    this.cues = new BasicsCues(deps.knowledge);
    this.basics = new BasicReplies(deps.knowledge, deps.renderer, deps.slots);
    this.lastReply = deps.conversationState.createProperty<string | undefined>('lastReply');
    this.onMessageReaction(async (context, next) => {
      await this.handleReaction(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const joined = (context.activity.membersAdded ?? []).some((m) => m.id !== botId);
      if (joined) await this.greet(context, this.welcome());
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
    this.watchReplies(context);
    try {
      await super.run(context);
    } catch (err) {
      // State is loaded (DialogSet.createContext → ConversationState.load) before anything is
      // sent: when the store is unreachable the turn is answered without state instead.
      if (!isStorageUnavailable(err)) throw err;
      await this.answerWithoutState(context);
    } finally {
      await this.rememberLastReply(context);
      await this.saveState(context);
    }
  }

  /** Note the intent of what this turn answered, for feedback on it next turn. */
  private watchReplies(context: TurnContext): void {
    context.onSendActivities(async (ctx, activities, next) => {
      for (const a of activities) {
        const meta = metaOf(a);
        if (meta && meta.kind !== 'system' && meta.kind !== 'welcome')
          ctx.turnState.set(LAST_REPLY, meta.intent);
      }
      return next();
    });
  }

  private async rememberLastReply(context: TurnContext): Promise<void> {
    const intent = context.turnState.get(LAST_REPLY) as string | undefined;
    if (intent === undefined) return;
    try {
      await this.lastReply.set(context, intent);
    } catch (err) {
      if (!isStorageUnavailable(err)) throw err;
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
    const basic = text ? this.statelessBasic(text) : undefined;
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
    const raw = typeof context.activity.text === 'string' ? context.activity.text : '';
    const text = cleanText(raw).trim();
    this.deps.replies.markTraditional(context, isTraditional(text));
    if (!text) return this.send(context, this.system('emptyInput'));
    if (Array.from(text).length > MAX_TEXT_LENGTH) return this.send(context, this.system('tooLong'));
    context.activity.text = text;

    const dc = await this.deps.dialogs.createContext(context);
    if (dc.activeDialog) {
      // Asking for a person is answered at any point; the dialog stays where it was.
      if (this.cues.wantsHuman(text)) {
        const memory = await this.deps.memory.get(context, emptyMemory());
        return this.send(context, this.basics.human(memory));
      }
      await dc.continueDialog();
      return;
    }
    const common = this.deps.knowledge.dialogTexts.common;
    const interruption = this.deps.router.isQuestion(text)
      ? undefined
      : interruptionOf(this.deps.knowledge, text);
    if (interruption === 'help')
      return this.send(context, systemReply(this.deps.knowledge.messages.welcome, 'help'));
    if (interruption) return this.send(context, systemReply(common.nothingToCancel, interruption));

    const memory = await this.deps.memory.get(context, emptyMemory());
    if (await this.answerBasics(context, text, memory)) return;
    const question = this.cues.withoutGreeting(text);
    const turn = this.deps.faq.respond(question, memory, this.deps.clock());
    await this.deps.memory.set(context, turn.memory);

    const dialogId = this.deps.router.route(text, turn, memory);
    if (dialogId) {
      const answer = turn.match?.decision === 'answer' ? turn.replies[0] : undefined;
      // The dialog's question follows at once: no feedback buttons in between.
      const intro = answer && { ...answer, meta: { ...answer.meta, askFeedback: false } };
      await dc.beginDialog(dialogId, { facts: turn.memory.facts, intro } satisfies SlotLoopOptions);
      return;
    }
    if (this.deps.router.shouldAcknowledge(text, turn)) {
      // Talking about one's own insurance situation puts the conversation in our domain.
      await this.deps.memory.set(context, { ...turn.memory, inDomain: true });
      const region = this.deps.slots.policyRegion(turn.memory.facts);
      const facts = this.deps.renderer.describeFacts(turn.memory.facts, region);
      return this.send(context, systemReply(fill(common.ack, { facts }), 'acknowledge'));
    }
    for (const reply of turn.replies) await this.send(context, reply);
  }

  /**
   * The conversation basics, outside any dialog (a dialog reads 好的 / 不对 as answers): a
   * foreign language, feedback on the last reply, asking for a person, small talk, personal
   * numbers. True when the turn is answered; personal numbers with a real question only add
   * a reminder before the answer.
   */
  private async answerBasics(
    context: TurnContext,
    text: string,
    memory: ConversationMemory,
  ): Promise<boolean> {
    const { cues, basics } = this;
    if (cues.isForeign(text) && !cues.smallTalk(text)) {
      await this.send(context, basics.english(this.deps.faq.starterQuestions()[0] ?? ''));
      return true;
    }
    const rating = cues.feedback(text);
    const judged = rating ? await this.lastReply.get(context) : undefined;
    if (rating && judged) {
      await this.send(context, basics.feedback(rating, judged));
      return true;
    }
    if (cues.wantsHuman(text)) {
      await this.send(context, basics.human(memory));
      return true;
    }
    const smallTalk = cues.smallTalk(text);
    if (smallTalk === 'greeting') {
      await this.greet(context, basics.smallTalk('greeting', []));
      return true;
    }
    if (smallTalk) {
      await this.send(context, basics.smallTalk(smallTalk, []));
      return true;
    }
    if (cues.hasPersonalNumber(text)) {
      await this.send(context, basics.piiReminder());
      if (cues.wantsPersonalLookup(text)) {
        await this.send(context, basics.personalLookup(memory));
        return true;
      }
    }
    return false;
  }

  /** The basics that need nothing remembered, for turns answered without the state store. */
  private statelessBasic(text: string): Reply | undefined {
    const { cues, basics } = this;
    if (cues.isForeign(text) && !cues.smallTalk(text))
      return basics.english(this.deps.faq.starterQuestions()[0] ?? '');
    if (cues.wantsHuman(text)) return basics.human(emptyMemory());
    const smallTalk = cues.smallTalk(text);
    if (smallTalk) return basics.smallTalk(smallTalk, this.deps.faq.starterQuestions());
    if (cues.wantsPersonalLookup(text)) return basics.personalLookup(emptyMemory());
    return undefined;
  }

  /** A welcome or greeting with the starter questions, which "1" / "2" / "3" then pick. */
  private async greet(context: TurnContext, reply: Reply): Promise<void> {
    const { questions, ids } = this.deps.faq.starterOptions(this.deps.clock());
    try {
      const memory = await this.deps.memory.get(context, emptyMemory());
      await this.deps.memory.set(context, { ...memory, pendingChoices: undefined, pendingSuggestions: ids });
    } catch (err) {
      if (!isStorageUnavailable(err)) throw err; // the welcome stands; numbers will not pick
    }
    await this.send(context, { ...reply, meta: { ...reply.meta, suggestions: questions } });
  }

  /** A Bot Framework reaction (👍 / 👎) on a reply is feedback on the last answer. */
  private async handleReaction(context: TurnContext): Promise<void> {
    const added = Array.isArray(context.activity.reactionsAdded) ? context.activity.reactionsAdded : [];
    const ratings = added
      .slice(0, 10)
      .map((r) => REACTIONS[String(r?.type ?? '').toLowerCase()])
      .filter((r): r is Rating => r !== undefined);
    const rating = ratings.includes('unhelpful') ? 'unhelpful' : ratings[0];
    if (!rating) return; // a reaction we cannot read, or one taken back: nothing to say
    const judged = (await this.lastReply.get(context)) ?? 'unknown';
    await this.send(context, this.basics.feedback(rating, judged));
  }

  /**
   * A menu or link asked for one FAQ entry or dialog by id (a WeChat menu's EventKey): answer
   * that entry, or start that dialog, leaving any dialog in progress. Unknown ids fall back.
   */
  private async open(context: TurnContext, id: string): Promise<void> {
    const dc = await this.deps.dialogs.createContext(context);
    const memory = await this.deps.memory.get(context, emptyMemory());
    if (id === HUMAN_MENU_KEY) return this.send(context, this.basics.human(memory));
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
    await this.greet(context, this.basics.unknownMenu([]));
  }

  private system(key: 'emptyInput' | 'tooLong' | 'stateUnavailable'): Reply {
    return {
      text: this.deps.knowledge.messages[key],
      meta: { kind: 'system', intent: key, confidence: 0, fallback: true, sources: [], suggestions: [] },
    };
  }
}
