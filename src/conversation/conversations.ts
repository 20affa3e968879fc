// The one front door for a turn. Every channel runs the bot through these methods, never by
// itself: one lock scheme (turns of one conversation run one after another, across instances
// when the lock is Redis's), one turn log for the curators, one onTurnError (its text in
// knowledge/messages.yaml). Built once per process by the composition root (src/app.ts).
import {
  type Activity,
  ActivityTypes,
  type ConversationState,
  type Middleware,
  type MiddlewareHandler,
  MiddlewareSet,
  type TurnContext,
  type UserState,
} from 'botbuilder-core';
import { localTurnLock, type TurnLock } from '../storage/lock/turnLock.js';
import type { StorageLogger } from '../storage/logger.js';
import { maskPii } from '../text/pii.js';
import type { YidiBot } from './bot.js';
import type { Address, ConversationKey, ConversationKeys } from './conversationKey.js';
import { type IncomingMessage, InProcessAdapter } from './inProcessAdapter.js';
import { setTurnKeys } from './keyedState.js';
import { type AskResult, summarizeTurn } from './turn.js';
import { TurnLogMiddleware, type TurnLogOptions } from './turnLogMiddleware.js';

export type { Address } from './conversationKey.js';
/** The namespace of every turn that came in at /api/messages, whatever channelId it claims. */
export const BOT_FRAMEWORK_NAMESPACE = 'botframework';

/** Fields a channel may pass on with a message or event (Direct Line's value and locale). */
export interface ActivityFields {
  value?: unknown;
  name?: string;
  locale?: string;
}

export interface ConversationsOptions {
  bot: YidiBot;
  conversationState: ConversationState;
  userState: UserState;
  /** Said when a turn fails (knowledge/messages.yaml turnError). */
  turnError: string;
  /** Derives every state, lock and user key (salted: USER_HASH_SALT). */
  keys: ConversationKeys;
  /** Serializes one conversation's turns (default in-process; RedisTurnLock across instances). */
  turnLock?: TurnLock;
  /** Record every message turn for the curators' report. */
  turnLog?: TurnLogOptions;
  /** Where failed turns are reported (masked). */
  log?: Pick<StorageLogger, 'error'>;
}

type Replies = Partial<Activity>[];

/** The turns of one conversation while its lock is held (see Conversations.session). */
export interface Session {
  message(text: string | undefined, fields?: ActivityFields): Promise<Replies>;
  /** An event, e.g. OPEN_EVENT with an FAQ entry or dialog id (a WeChat menu click). */
  event(name: string, value?: unknown, fields?: ActivityFields): Promise<Replies>;
  /** The user joined (a WeChat subscription, a Web Chat page that connected): the welcome. */
  join(): Promise<Replies>;
}

export class Conversations {
  private readonly adapter = new InProcessAdapter();
  private readonly middleware = new MiddlewareSet();
  private readonly lock: TurnLock;
  private readonly running = new Set<Promise<unknown>>();
  /** The keys of a conversation or user (channels file their own records under userKey). */
  readonly keys: ConversationKeys;

  constructor(private readonly options: ConversationsOptions) {
    this.keys = options.keys;
    this.lock = options.turnLock ?? localTurnLock();
    if (options.turnLog)
      this.middleware.use(new TurnLogMiddleware(options.turnLog, options.conversationState));
  }

  /** Runs `middleware` in every turn, after the turn log (tests count turns with it). */
  use(...middleware: (Middleware | MiddlewareHandler)[]): this {
    this.middleware.use(...middleware);
    return this;
  }

  message(address: Address, text: string | undefined, fields?: ActivityFields): Promise<Replies> {
    return this.session(address, (s) => s.message(text, fields));
  }

  event(address: Address, name: string, value?: unknown, fields?: ActivityFields): Promise<Replies> {
    return this.session(address, (s) => s.event(name, value, fields));
  }

  join(address: Address): Promise<Replies> {
    return this.session(address, (s) => s.join());
  }

  /** One question in, the turn's summary out (POST /api/ask, the terminal chat, the eval). */
  async ask(address: Address, text: string): Promise<AskResult> {
    return summarizeTurn(await this.message(address, text));
  }

  /** Forget the user (WeChat's unsubscribe): their conversation state and user state, as a turn of it. */
  forget(address: Address): Promise<void> {
    const key = this.keys.of(address);
    const incoming = { ...this.incoming(address, key.conversationId), type: ActivityTypes.Event };
    return this.track(
      this.lock.run(key.lockKey, async () => {
        await this.adapter.process({ ...incoming, extra: { name: 'forget' } }, async (context) => {
          setTurnKeys(context, key);
          try {
            await this.options.conversationState.delete(context);
            await this.options.userState.delete(context);
          } catch (error) {
            this.report(error);
          }
        });
      }),
    );
  }

  /**
   * Runs `work` holding the conversation's lock: the turns it starts through the session and
   * whatever the channel does around them (Direct Line logs the user's activity, then the
   * replies) happen before the conversation's next turn.
   */
  session<T>(address: Address, work: (session: Session) => Promise<T>): Promise<T> {
    const key = this.keys.of(address);
    const base = this.incoming(address, key.conversationId);
    const turn = (message: Partial<IncomingMessage>) =>
      this.adapter.process({ ...base, ...message }, (context) => this.runTurn(context, key));
    const session: Session = {
      message: (text, fields) => turn({ text, extra: defined({ ...fields }) }),
      event: (name, value, fields) =>
        turn({ type: ActivityTypes.Event, extra: defined({ ...fields, name, value }) }),
      join: () =>
        turn({
          type: ActivityTypes.ConversationUpdate,
          extra: { membersAdded: [{ id: address.user, name: address.user }] },
        }),
    };
    return this.track(this.lock.run(key.lockKey, () => work(session)));
  }

  /**
   * A turn another adapter received (Bot Framework's CloudAdapter: it authenticated the
   * request and posts the replies): the same lock, turn log and error reply as every turn.
   * Its state lives in the Bot Framework's own namespace, keyed by the channel it names.
   */
  external(context: TurnContext): Promise<void> {
    const key = this.keys.of(botFrameworkAddress(context.activity));
    return this.track(this.lock.run(key.lockKey, () => this.runTurn(context, key)));
  }

  /** Resolves when no turn is running or waiting (graceful shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private incoming(address: Address, conversationId: string): IncomingMessage {
    return { channelId: address.channel, userId: address.user, conversationId };
  }

  /** The bot's turn inside the middleware; a failure is reported and answered with turnError. */
  private async runTurn(context: TurnContext, key: ConversationKey): Promise<void> {
    setTurnKeys(context, key);
    try {
      await this.middleware.run(context, () => this.options.bot.run(context));
    } catch (error) {
      this.report(error);
      await context.sendActivity(this.options.turnError);
    }
  }

  private report(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.options.log?.error({ err: { message: maskPii(message) } }, 'turn failed');
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const done = () => this.running.delete(work);
    work.then(done, done);
    return work;
  }
}

/** The address of an activity that came in at /api/messages: channel and ids kept apart by NUL. */
export function botFrameworkAddress(activity: Partial<Activity>): Address {
  const channel = activity.channelId ?? '';
  return {
    channel: BOT_FRAMEWORK_NAMESPACE,
    user: `${channel}\u0000${activity.from?.id ?? ''}`,
    conversation: `${channel}\u0000${activity.conversation?.id ?? ''}`,
  };
}

/** The fields that are set (an undefined locale must not replace the adapter's default). */
function defined(fields: ActivityFields): Partial<Activity> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
