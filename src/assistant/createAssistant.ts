// Composition of everything a channel needs: knowledge → matcher → responders → storage →
// state → bot → adapter. Built once per process (jieba and the indexes load here).
import { ConversationState, MemoryStorage, type Storage, UserState } from 'botbuilder';
import { YidiBot } from '../bot.js';
import { type Clock, systemClock } from '../calendar.js';
import { InProcessAdapter } from '../channels/inProcessAdapter.js';
import { loadKnowledge } from '../knowledge/load.js';
import { defaultKnowledgeDir } from '../knowledge/paths.js';
import type { Knowledge } from '../knowledge/types.js';
import { Matcher } from '../matcher/index.js';
import { FaqResponder } from './faqResponder.js';

export interface AssistantOptions {
  knowledgeDir?: string;
  knowledge?: Knowledge;
  storage?: Storage;
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
}

export function createAssistant(options: AssistantOptions = {}): Assistant {
  const knowledge = options.knowledge ?? loadKnowledge(options.knowledgeDir ?? defaultKnowledgeDir);
  const matcher = new Matcher(knowledge);
  const faq = new FaqResponder(knowledge, matcher);
  const storage = options.storage ?? new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const clock = options.clock ?? systemClock;
  const bot = new YidiBot({ knowledge, faq, conversationState, userState, clock });
  const adapter = new InProcessAdapter();
  adapter.onTurnError = async (context, error) => {
    options.onTurnError?.(error);
    await context.sendActivity(
      knowledge.messages.turnError ?? '抱歉，系统出了点问题，请稍后再试或拨打12333。',
    );
  };
  return { knowledge, matcher, faq, storage, conversationState, userState, bot, adapter, clock };
}
