// Dialog manners: the same long answer (one citing sources) is not sent on two consecutive turns. The turn owner
// (bot.ts) watches every activity a turn sends; an answer whose text equals a long answer of
// the previous turn goes out as a short pointer (messages.yaml · repeated) instead, with its
// suggestions kept. Only fingerprints of the last turn's long answers are stored.
import { createHash } from 'node:crypto';
import type { Activity, ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder-core';
import { isStorageUnavailable } from '../storage/errors.js';
import { metaOf } from './turn.js';

/** Answers at least this long (characters) are not repeated word for word. */
export const LONG_REPLY = 80;
const SENT = Symbol('longRepliesSent');

const fingerprint = (text: string): string => createHash('sha1').update(text).digest('hex').slice(0, 16);

export class RepeatGuard {
  private readonly previous: StatePropertyAccessor<string[] | undefined>;

  constructor(
    conversationState: ConversationState,
    /** The pointer in the turn's script (Traditional for Traditional writers). */
    private readonly pointer: (context: TurnContext) => string,
  ) {
    this.previous = conversationState.createProperty<string[] | undefined>('longRepliesLastTurn');
  }

  /** Registers the check on this turn's outgoing activities. */
  watch(context: TurnContext): void {
    context.onSendActivities(async (ctx, activities, next) => {
      const sent = (ctx.turnState.get(SENT) as string[] | undefined) ?? [];
      ctx.turnState.set(SENT, sent);
      let before: string[] | undefined;
      const full: string[] = [];
      for (const a of activities) {
        const key = this.longAnswer(a);
        if (!key) continue;
        before ??= await this.lastTurn(ctx);
        // Asked a third time, the answer goes out in full again (the pointer may have been missed).
        if (before.includes(key)) a.text = this.pointer(ctx);
        else full.push(key);
      }
      const delivered = await next();
      // Only answers the channel took count as said (a reply call that failed was not seen).
      sent.push(...full);
      return delivered;
    });
  }

  /** At the end of the turn, before state is saved: this turn's long answers. */
  async remember(context: TurnContext): Promise<void> {
    const sent = (context.turnState.get(SENT) as string[] | undefined) ?? [];
    try {
      await this.previous.set(context, sent.length > 0 ? sent : undefined);
    } catch (err) {
      if (!isStorageUnavailable(err)) throw err; // answered without state: nothing to remember
    }
  }

  private async lastTurn(context: TurnContext): Promise<string[]> {
    try {
      return (await this.previous.get(context)) ?? [];
    } catch (err) {
      if (!isStorageUnavailable(err)) throw err;
      return [];
    }
  }

  private longAnswer(activity: Partial<Activity>): string | undefined {
    if (activity.type !== 'message' || typeof activity.text !== 'string') return undefined;
    const meta = metaOf(activity);
    // Answers cite their sources; a dialog's question (asked again after “我们继续”) cites none.
    if (!meta || meta.fallback || (meta.kind !== 'answer' && meta.kind !== 'dialog')) return undefined;
    if (meta.sources.length === 0) return undefined;
    if (Array.from(activity.text).length < LONG_REPLY) return undefined;
    return fingerprint(activity.text);
  }
}
