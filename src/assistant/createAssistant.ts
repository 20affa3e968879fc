// Composition of everything a channel needs: knowledge → matcher → responders → storage →
// state → dialogs → bot → adapter. Built once per process (jieba and the indexes load here).
import { ConversationState, MemoryStorage, type Storage, UserState } from 'botbuilder-core';
import type { DialogState } from 'botbuilder-dialogs';
import { createDialogSet } from '../../dialogs/index.js';
import { OutcomeRenderer } from '../answers/outcomes.js';
import { replyActivity, sendReply, YidiBot } from '../bot.js';
import { type Clock, systemClock } from '../calendar.js';
import { InProcessAdapter } from '../channels/inProcessAdapter.js';
import { loadKnowledge } from '../knowledge/load.js';
import { defaultKnowledgeDir } from '../knowledge/paths.js';
import type { Knowledge } from '../knowledge/types.js';
import { Matcher } from '../matcher/index.js';
import type { TurnLock } from '../storage/turnLock.js';
import { TurnLogMiddleware, type TurnLogOptions } from '../storage/turnLogMiddleware.js';
import { type ToTraditional, traditionalConverter } from '../text/traditional.js';
import type { ConversationMemory } from './conversationMemory.js';
import { DialogRouter } from './dialogRouter.js';
import { FaqResponder } from './faqResponder.js';
import { SlotFiller } from './slots.js';

export interface AssistantOptions {
  knowledgeDir?: string;
  knowledge?: Knowledge;
  storage?: Storage;
  /** Serializes one conversation's turns (default: in-process; RedisTurnLock across instances). */
  turnLock?: TurnLock;
  /** Record every message turn for the curators' report (src/storage/turnLogMiddleware.ts). */
  turnLog?: TurnLogOptions;
  clock?: Clock;
  onTurnError?: (error: unknown) => void;
}

export interface Assistant {
  knowledge: Knowledge;
  matcher: Matcher;
  faq: FaqResponder;
  storage: Storage;
  conversationState: ConversationState;
  userState: UserState;
  bot: YidiBot;
  adapter: InProcessAdapter;
  clock: Clock;
  /** Simplified → Traditional of reply texts (for users who write Traditional). */
  toTraditional: ToTraditional;
  /** The turn log middleware (when configured), for adapters other than `adapter` to `use()` too. */
  turnLog?: TurnLogMiddleware;
}

export function createAssistant(options: AssistantOptions = {}): Assistant {
  const knowledge = options.knowledge ?? loadKnowledge(options.knowledgeDir ?? defaultKnowledgeDir);
  const clock = options.clock ?? systemClock;
  const toTraditional = traditionalConverter(knowledge.corpus);
  const matcher = new Matcher(knowledge);
  const faq = new FaqResponder(knowledge, matcher);
  const slots = new SlotFiller(knowledge, matcher.entities);
  const renderer = new OutcomeRenderer(knowledge);
  const router = new DialogRouter(knowledge);
  const storage = options.storage ?? new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const memory = conversationState.createProperty<ConversationMemory>('memory');
  const dialogs = createDialogSet(conversationState.createProperty<DialogState>('dialogState'), {
    knowledge,
    faq,
    slots,
    renderer,
    memory,
    clock,
    send: (context, reply) => sendReply(context, reply, toTraditional),
    toActivity: (context, reply) => replyActivity(context, reply, toTraditional),
  });
  const bot = new YidiBot({
    knowledge,
    faq,
    router,
    slots,
    renderer,
    dialogs,
    memory,
    conversationState,
    userState,
    clock,
    toTraditional,
  });
  const adapter = new InProcessAdapter(options.turnLock);
  const turnLog = options.turnLog && new TurnLogMiddleware(options.turnLog, conversationState);
  if (turnLog) adapter.use(turnLog);
  adapter.onTurnError = async (context, error) => {
    options.onTurnError?.(error);
    await context.sendActivity(
      knowledge.messages.turnError ?? '抱歉，系统出了点问题，请稍后再试或拨打12333。',
    );
  };
  return {
    knowledge,
    matcher,
    faq,
    storage,
    conversationState,
    userState,
    bot,
    adapter,
    clock,
    toTraditional,
    turnLog,
  };
}
