// The one bot every channel runs. It keeps conversation memory in ConversationState,
// routes a message to the FAQ responder (dialogs plug in here), turns channel-neutral
// replies into activities, and saves state after every turn.
import {
  type Activity,
  ActivityHandler,
  ActivityTypes,
  type ConversationState,
  MessageFactory,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import type { Reply } from './answers/reply.js';
import type { FaqResponder } from './assistant/faqResponder.js';
import { type ConversationMemory, emptyMemory } from './assistant/memory.js';
import type { Clock } from './calendar.js';
import type { Knowledge } from './knowledge/types.js';
import { cleanText, isTraditional, toTraditional } from './matcher/normalize.js';

export const MAX_TEXT_LENGTH = 500;

export interface BotDeps {
  knowledge: Knowledge;
  faq: FaqResponder;
  conversationState: ConversationState;
  userState: UserState;
  clock: Clock;
}

/** Channel-neutral metadata of a reply, carried in channelData for channels that need it. */
export const META_KEY = 'yidi';

export class YidiBot extends ActivityHandler {
  private readonly memory: StatePropertyAccessor<ConversationMemory>;

  constructor(private readonly deps: BotDeps) {
    super();
    this.memory = deps.conversationState.createProperty<ConversationMemory>('memory');

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const joined = (context.activity.membersAdded ?? []).some((m) => m.id !== botId);
      if (joined) await this.sendReplies(context, [this.welcome()], false);
      await next();
    });
  }

  /** Save state after every turn, also when a handler threw (what was learned is kept). */
  override async run(context: TurnContext): Promise<void> {
    try {
      await super.run(context);
    } finally {
      await this.deps.conversationState.saveChanges(context, false);
      await this.deps.userState.saveChanges(context, false);
    }
  }

  welcome(): Reply {
    const { messages } = this.deps.knowledge;
    return {
      text: messages.welcome ?? '',
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
    const traditional = isTraditional(text);
    if (!text) return this.sendReplies(context, [this.system('emptyInput')], traditional);
    if (Array.from(text).length > MAX_TEXT_LENGTH)
      return this.sendReplies(context, [this.system('tooLong')], traditional);

    const memory = await this.memory.get(context, emptyMemory());
    const turn = this.deps.faq.respond(text, memory, this.deps.clock());
    await this.memory.set(context, turn.memory);
    await this.sendReplies(context, turn.replies, traditional);
  }

  private system(key: string): Reply {
    return {
      text: this.deps.knowledge.messages[key] ?? '',
      meta: { kind: 'system', intent: key, confidence: 0, fallback: true, sources: [], suggestions: [] },
    };
  }

  private async sendReplies(context: TurnContext, replies: Reply[], traditional: boolean): Promise<void> {
    for (const reply of replies) await context.sendActivity(toActivity(reply, traditional));
  }
}

/** A reply as a message activity: text, suggested actions, and the metadata in channelData. */
export function toActivity(reply: Reply, traditional: boolean): Partial<Activity> {
  const convert = traditional ? toTraditional : (s: string) => s;
  const suggestions = reply.meta.suggestions.map(convert);
  const activity: Partial<Activity> =
    suggestions.length > 0
      ? MessageFactory.suggestedActions(suggestions, convert(reply.text))
      : MessageFactory.text(convert(reply.text));
  activity.type = ActivityTypes.Message;
  activity.locale = traditional ? 'zh-TW' : 'zh-CN';
  activity.channelData = { [META_KEY]: { ...reply.meta, suggestions } };
  return activity;
}
