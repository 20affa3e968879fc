// Records every message turn in the turn log, in one place for every channel: a middleware
// on the adapter that watches what the bot sends. It runs inside the conversation's turn
// lock, so `turn` (a counter kept in conversation state) shows the order of a conversation.
import {
  type Activity,
  ActivityTypes,
  type ConversationState,
  type Middleware,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder-core';
import { type StorageLogger, silentLogger } from '../storage/logger.js';
import { hashId, type TurnLogStore } from '../storage/turnLog/turnLog.js';
import { normalize, toSimplified } from '../text/normalize.js';
import { turnTextOf } from './preparedText.js';
import { summarizeTurn } from './turn.js';

export interface TurnLogOptions {
  store: TurnLogStore;
  /** Salt of the user and conversation id hashes (USER_HASH_SALT). */
  salt: string;
  log?: StorageLogger;
  now?: () => number;
}

export class TurnLogMiddleware implements Middleware {
  private readonly turnCount: StatePropertyAccessor<number>;
  private readonly log: StorageLogger;
  private readonly now: () => number;
  private lastWarning = 0;

  constructor(
    private readonly options: TurnLogOptions,
    conversationState: ConversationState,
  ) {
    this.turnCount = conversationState.createProperty<number>('turnCount');
    this.log = options.log ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const type = context.activity.type;
    if (type !== ActivityTypes.Message && type !== ActivityTypes.MessageReaction) return next();
    const at = this.now();
    const started = performance.now();
    // A message is prepared here once (the bot reads the same forms); a reaction is only logged.
    const said = type === ActivityTypes.Message ? turnTextOf(context) : undefined;
    const raw = said ? said.raw : reactionText(context.activity);
    const sent: Partial<Activity>[] = [];
    context.onSendActivities(async (_context, activities, nextSend) => {
      sent.push(...activities);
      return nextSend();
    });
    const turn = await this.countTurn(context);
    let failed = false;
    try {
      await next();
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      const summary = summarizeTurn(sent);
      const { salt } = this.options;
      // A reaction that is not feedback (one taken back, an unknown type) is no turn to report.
      const skip = type === ActivityTypes.MessageReaction && !summary.feedback && !failed;
      if (!skip)
        await this.options.store
          .append({
            at,
            channel: context.activity.channelId ?? '',
            userHash: hashId(salt, context.activity.from?.id ?? ''),
            conversationHash: hashId(salt, context.activity.conversation?.id ?? ''),
            turn,
            // A feedback turn is filed under the answer it judges.
            intent: failed ? 'error' : (summary.feedback?.intent ?? summary.intent),
            confidence: failed ? 0 : summary.confidence,
            fallback: failed || (summary.fallback && !summary.feedback),
            latencyMs: Number((performance.now() - started).toFixed(3)),
            question: toSimplified((said?.normalized ?? normalize(raw)).masked).slice(0, 500),
            ...(summary.feedback && !failed ? { feedback: summary.feedback.rating } : {}),
          })
          .catch((err: Error) => this.warnAppendFailed(err));
    }
  }

  /** At most one warning a minute: an outage must not flood the log with one line per turn. */
  private warnAppendFailed(err: Error): void {
    const now = Date.now();
    if (now - this.lastWarning < 60_000) return;
    this.lastWarning = now;
    this.log.warn({ err: { message: err.message } }, '对话日志写入失败，本轮未记录 (turn log append failed)');
  }

  /** This turn's number in the conversation; undefined when state cannot be read. */
  private async countTurn(context: TurnContext): Promise<number | undefined> {
    try {
      const turn = (await this.turnCount.get(context, 0)) + 1;
      await this.turnCount.set(context, turn);
      return turn;
    } catch {
      return undefined; // the bot meets the same error and answers without state
    }
  }
}

/** A reaction in the log's question column: its types, e.g. "[reaction: like]" (bounded). */
function reactionText(activity: Partial<Activity>): string {
  const added: unknown[] = Array.isArray(activity.reactionsAdded) ? activity.reactionsAdded : [];
  const types = (added as Array<{ type?: unknown } | null>)
    .slice(0, 5)
    .map((r) => String(r?.type ?? '').slice(0, 32))
    .join(', ');
  return `[reaction: ${types}]`;
}
