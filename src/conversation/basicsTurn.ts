// The conversation basics inside a turn (cues and texts in src/assistant/basics/): a foreign
// language, feedback on the last reply (有用 / 没用, a Bot Framework reaction), the way to a
// person, small talk, personal numbers, and greeting with example questions a number picks.
// The bot calls these at fixed points of its turn; the state they need is kept here.
import type { ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder-core';
import type { OutcomeRenderer } from '../answers/outcomes.js';
import type { Reply } from '../answers/reply.js';
import { BasicReplies } from '../assistant/basics/basicReplies.js';
import { BasicsCues, type Rating } from '../assistant/basics/cues.js';
import { type ConversationMemory, emptyMemory } from '../assistant/conversationMemory.js';
import type { FaqResponder } from '../assistant/faqResponder.js';
import type { SlotFiller } from '../assistant/slots.js';
import type { Clock } from '../calendar.js';
import type { Knowledge } from '../knowledge/types.js';
import { isStorageUnavailable } from '../storage/errors.js';
import { metaOf } from './turn.js';

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

export interface BasicsTurnDeps {
  knowledge: Knowledge;
  faq: FaqResponder;
  renderer: OutcomeRenderer;
  slots: SlotFiller;
  memory: StatePropertyAccessor<ConversationMemory>;
  conversationState: ConversationState;
  clock: Clock;
  send(context: TurnContext, reply: Reply): Promise<void>;
}

export class BasicsTurn {
  readonly cues: BasicsCues;
  readonly replies: BasicReplies;
  private readonly lastReply: StatePropertyAccessor<string | undefined>;

  constructor(private readonly deps: BasicsTurnDeps) {
    this.cues = new BasicsCues(deps.knowledge);
    this.replies = new BasicReplies(deps.knowledge, deps.renderer, deps.slots);
    this.lastReply = deps.conversationState.createProperty<string | undefined>('lastReply');
  }

  /** Note the intent of what this turn answers, for feedback on it next turn. */
  watch(context: TurnContext): void {
    context.onSendActivities(async (ctx, activities, next) => {
      for (const a of activities) {
        const meta = metaOf(a);
        if (meta && meta.kind !== 'system' && meta.kind !== 'welcome')
          ctx.turnState.set(LAST_REPLY, meta.intent);
      }
      return next();
    });
  }

  /** At the end of the turn, before state is saved. */
  async remember(context: TurnContext): Promise<void> {
    const intent = context.turnState.get(LAST_REPLY) as string | undefined;
    if (intent === undefined) return;
    try {
      await this.lastReply.set(context, intent);
    } catch (err) {
      if (!isStorageUnavailable(err)) throw err;
    }
  }

  /** In a dialog only asking for a person is answered (好的 / 不对 are answers to its question). */
  async duringDialog(context: TurnContext, text: string): Promise<boolean> {
    if (!this.cues.wantsHuman(text)) return false;
    await this.human(context);
    return true;
  }

  /**
   * Outside a dialog. True when the turn is answered; personal numbers with a real question
   * only add a reminder before the answer.
   */
  async answer(context: TurnContext, text: string, memory: ConversationMemory): Promise<boolean> {
    const { cues, replies } = this;
    const say = (reply: Reply) => this.deps.send(context, reply);
    if (cues.isForeign(text) && !cues.smallTalk(text)) {
      await say(replies.english(this.example()));
      return true;
    }
    const rating = cues.feedback(text);
    const judged = rating ? await this.lastReply.get(context) : undefined;
    if (rating && judged) {
      await say(replies.feedback(rating, judged));
      return true;
    }
    if (cues.wantsHuman(text)) {
      await say(replies.human(memory));
      return true;
    }
    const smallTalk = cues.smallTalk(text);
    if (smallTalk === 'greeting') {
      await this.greet(context, replies.smallTalk('greeting', []));
      return true;
    }
    if (smallTalk) {
      await say(replies.smallTalk(smallTalk, []));
      return true;
    }
    if (cues.hasPersonalNumber(text)) {
      await say(replies.piiReminder());
      if (cues.wantsPersonalLookup(text)) {
        await say(replies.personalLookup(memory));
        return true;
      }
    }
    return false;
  }

  /** The basics that need nothing remembered, for turns answered without the state store. */
  stateless(text: string): Reply | undefined {
    const { cues, replies } = this;
    if (cues.isForeign(text) && !cues.smallTalk(text)) return replies.english(this.example());
    if (cues.wantsHuman(text)) return replies.human(emptyMemory());
    const smallTalk = cues.smallTalk(text);
    if (smallTalk) return replies.smallTalk(smallTalk, this.deps.faq.starterQuestions());
    if (cues.wantsPersonalLookup(text)) return replies.personalLookup(emptyMemory());
    return undefined;
  }

  /** A welcome or greeting with the starter questions, which "1" / "2" / "3" then pick. */
  async greet(context: TurnContext, reply: Reply): Promise<void> {
    const { questions, ids } = this.deps.faq.starterOptions(this.deps.clock());
    try {
      const memory = await this.deps.memory.get(context, emptyMemory());
      await this.deps.memory.set(context, { ...memory, pendingChoices: undefined, pendingSuggestions: ids });
    } catch (err) {
      if (!isStorageUnavailable(err)) throw err; // the welcome stands; numbers will not pick
    }
    await this.deps.send(context, { ...reply, meta: { ...reply.meta, suggestions: questions } });
  }

  /** 12333, the insured place's phones and a case summary (also the menu's "human" key). */
  async human(context: TurnContext): Promise<void> {
    const memory = await this.deps.memory.get(context, emptyMemory());
    await this.deps.send(context, this.replies.human(memory));
  }

  /** A menu key the knowledge does not know (an old or forged menu): what we can answer. */
  unknownMenu(context: TurnContext): Promise<void> {
    return this.greet(context, this.replies.unknownMenu([]));
  }

  /** A Bot Framework reaction (👍 / 👎) on a reply is feedback on the last answer. */
  async reaction(context: TurnContext): Promise<void> {
    const added = Array.isArray(context.activity.reactionsAdded) ? context.activity.reactionsAdded : [];
    const ratings = added
      .slice(0, 10)
      .map((r) => REACTIONS[String(r?.type ?? '').toLowerCase()])
      .filter((r): r is Rating => r !== undefined);
    const rating = ratings.includes('unhelpful') ? 'unhelpful' : ratings[0];
    if (!rating) return; // a reaction we cannot read, or one taken back: nothing to say
    const judged = (await this.lastReply.get(context)) ?? 'unknown';
    await this.deps.send(context, this.replies.feedback(rating, judged));
  }

  private example(): string {
    return this.deps.faq.starterQuestions()[0] ?? '';
  }
}
