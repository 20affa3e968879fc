// The composition root, in a fixed order: knowledge → text (the Traditional converter) →
// matcher and responders → state (Storage, ConversationState, UserState) → dialogs → bot →
// conversations (one lock, one turn log, one onTurnError) → staff search. Channels get the
// parts they use from here (src/server.ts). Built once per process: jieba and the indexes
// load here. main.ts opens it on the configured stores (openApp); tests and the command-line
// tools build it on memory with an injected clock (createMemoryApp).
import { MemoryStorage, type Storage } from 'botbuilder-core';
import type { DialogState } from 'botbuilder-dialogs';
import { createDialogSet } from '../dialogs/index.js';
import { OutcomeRenderer } from './answers/outcomes.js';
import type { ConversationMemory } from './assistant/conversationMemory.js';
import { DialogRouter } from './assistant/dialogRouter.js';
import { FaqResponder } from './assistant/faqResponder.js';
import { MatchCache } from './assistant/matchCache.js';
import { SlotFiller } from './assistant/slots.js';
import { type Clock, systemClock } from './calendar.js';
import { type Config, DEVELOPMENT_SALT, RESULT_CACHE_SIZE } from './config.js';
import { YidiBot } from './conversation/bot.js';
import { ConversationKeys } from './conversation/conversationKey.js';
import { Conversations } from './conversation/conversations.js';
import { KeyedConversationState, KeyedUserState } from './conversation/keyedState.js';
import { Replies } from './conversation/replies.js';
import type { TurnLogOptions } from './conversation/turnLogMiddleware.js';
import { formatProblem, loadKnowledge } from './knowledge/load.js';
import { defaultKnowledgeDir } from './knowledge/paths.js';
import type { Knowledge } from './knowledge/types.js';
import { StaffSearch } from './lookup/search.js';
import { Matcher } from './matcher/index.js';
import { type ClaimStore, MemoryClaimStore } from './storage/claims/claimStore.js';
import type { TurnLock } from './storage/lock/turnLock.js';
import type { StorageLogger } from './storage/logger.js';
import { openStores, type SharedCounters, type StoreHealth, type Stores } from './storage/openStores.js';
import { storageSettings } from './storage/settings.js';
import type { TurnLogStore } from './storage/turnLog/turnLog.js';
import { type ToTraditional, traditionalConverter } from './text/traditional.js';

export interface AppOptions {
  knowledgeDir?: string;
  /** Already loaded knowledge (tests share one between apps). */
  knowledge?: Knowledge;
  /** Where conversation state lives (SQLite, Redis; memory in tests). */
  storage: Storage;
  /** Short-lived atomic records (WeChat replay and dedupe, ended staff sessions); default memory. */
  claims?: ClaimStore;
  /** Salt of every state, lock and user key (USER_HASH_SALT; a fixed development salt by default). */
  keySalt?: string;
  /** Serializes one conversation's turns (default: in-process; RedisTurnLock across instances). */
  turnLock?: TurnLock;
  /** Record every message turn for the curators' report. */
  turnLog?: TurnLogOptions;
  clock?: Clock;
  /** Failed turns and store outages are reported here (masked). */
  log?: StorageLogger;
  /** Whether the state store can be used now (/healthz); default: always. */
  health?: () => Promise<StoreHealth>;
  /** Rate-limit counters shared by every instance (Redis mode); default: this instance's memory. */
  counters?: SharedCounters;
  /** Match results kept for repeated questions (RESULT_CACHE_SIZE; 0 = off). */
  resultCacheSize?: number;
}

/** Everything channels are built from. */
export interface App {
  knowledge: Knowledge;
  clock: Clock;
  /** Simplified → Traditional of reply texts (for users who write Traditional). */
  toTraditional: ToTraditional;
  matcher: Matcher;
  faq: FaqResponder;
  staffSearch: StaffSearch;
  /** The bot's state store; channels keep their own records in it too (Direct Line, WeChat dedupe). */
  storage: Storage;
  /** Short-lived records shared by every instance: WeChat replay and dedupe, ended staff sessions. */
  claims: ClaimStore;
  /** The only way channels run the bot. */
  conversations: Conversations;
  /** Whether the state store can be used now (/healthz: 503 "degraded" when not). */
  health: () => Promise<StoreHealth>;
  /** Rate-limit counters shared by every instance (Redis mode). */
  counters?: SharedCounters;
  /** The curators' turn log (for the report page), when one is kept. */
  turnLog?: TurnLogStore;
  /** Repeated questions' match results (hit counts for the benchmarks). */
  matchCache: MatchCache;
}

export function createApp(options: AppOptions): App {
  const knowledge = options.knowledge ?? loadKnowledge(options.knowledgeDir ?? defaultKnowledgeDir);
  const clock = options.clock ?? systemClock;
  const toTraditional = traditionalConverter(knowledge.corpus);
  const matcher = new Matcher(knowledge);
  const matchCache = new MatchCache(matcher, options.resultCacheSize ?? RESULT_CACHE_SIZE);
  const faq = new FaqResponder(knowledge, matcher, matchCache);
  const slots = new SlotFiller(knowledge, matcher.entities);
  const renderer = new OutcomeRenderer(knowledge);
  const router = new DialogRouter(knowledge);
  const { helpful, unhelpful } = knowledge.basics.feedback.buttons;
  const replies = new Replies(toTraditional, [helpful, unhelpful]);
  const { storage } = options;
  const conversationState = new KeyedConversationState(storage);
  const userState = new KeyedUserState(storage);
  const memory = conversationState.createProperty<ConversationMemory>('memory');
  const dialogState = conversationState.createProperty<DialogState>('dialogState');
  const dialogs = createDialogSet(dialogState, {
    knowledge,
    faq,
    slots,
    renderer,
    memory,
    clock,
    send: (context, reply) => replies.send(context, reply),
    toActivity: (context, reply) => replies.activity(context, reply),
  });
  const bot = new YidiBot({
    knowledge,
    faq,
    router,
    slots,
    renderer,
    dialogs,
    dialogState,
    memory,
    conversationState,
    userState,
    clock,
    replies,
  });
  const conversations = new Conversations({
    bot,
    conversationState,
    userState,
    turnError: knowledge.messages.turnError,
    keys: new ConversationKeys(options.keySalt ?? DEVELOPMENT_SALT),
    turnLock: options.turnLock,
    turnLog: options.turnLog,
    log: options.log,
  });
  const staffSearch = new StaffSearch(knowledge, matcher);
  const claims = options.claims ?? new MemoryClaimStore();
  const health = options.health ?? (async () => ({ ok: true as const }));
  return {
    knowledge,
    clock,
    toTraditional,
    matcher,
    faq,
    staffSearch,
    storage,
    claims,
    conversations,
    health,
    counters: options.counters,
    turnLog: options.turnLog?.store,
    matchCache,
  };
}

/** The app on memory storage: tests, `npm run chat`, `npm run eval` and the benchmarks. */
export function createMemoryApp(options: Partial<AppOptions> = {}): App {
  return createApp({ storage: new MemoryStorage(), ...options });
}

/** A running server's app: on the configured stores, with the turn log; `close` flushes them. */
export interface OpenedApp {
  app: App;
  stores: Stores;
  /** Waits for the turns still running, then closes the stores. */
  close(): Promise<void>;
}

/** How long the start waits for the state store (Redis) before answering without state. */
const STORE_READY_MS = 5000;

export async function openApp(config: Config, log: StorageLogger): Promise<OpenedApp> {
  const settings = storageSettings(config);
  const stores = openStores(settings, { log });
  if (!(await stores.ready(STORE_READY_MS)))
    log.error(
      { store: stores.where },
      '状态存储暂不可用，先以无状态方式回答 (store unreachable; answering without state)',
    );
  const app = createApp({
    knowledgeDir: config.KNOWLEDGE_DIR,
    storage: stores.storage,
    claims: stores.claims,
    health: () => stores.health(),
    counters: stores.counters,
    keySalt: settings.userHashSalt,
    resultCacheSize: config.RESULT_CACHE_SIZE,
    turnLock: stores.turnLock,
    turnLog: stores.turnLog && { store: stores.turnLog, salt: settings.userHashSalt, log },
    log,
  });
  // What `npm run knowledge:check` prints as warnings (copied answers) goes into the log.
  for (const w of app.knowledge.warnings ?? [])
    log.warn({ knowledge: formatProblem(w).trim() }, '知识库警告 (knowledge warning)');
  return {
    app,
    stores,
    close: async () => {
      await app.conversations.idle();
      await stores.close();
    },
  };
}
