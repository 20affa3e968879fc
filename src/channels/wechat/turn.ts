// What one WeChat message makes the bot do, and the one text that answers it — within
// WeChat's 5-second window, once per message however often WeChat retries it.
import type { Activity } from 'botbuilder-core';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../calendar.js';
import { OPEN_EVENT, UNKNOWN_MENU } from '../../conversation/bot.js';
import type { Conversations } from '../../conversation/conversations.js';
import { metaOf } from '../../conversation/turn.js';
import type { Messages } from '../../knowledge/types.js';
import type { ClaimStore } from '../../storage/claims/claimStore.js';
import { maskPii } from '../../text/pii.js';
import type { ToTraditional } from '../../text/traditional.js';
import { dedupeKey, ReplyOnce } from './dedupe.js';
import type { WechatMessage } from './message.js';
import { renderTurn } from './render.js';

export const CHANNEL_ID = 'wechat';
const LATE = Symbol('late');

/** An openid in logs: enough to follow one user, not to identify them. */
export const maskOpenid = (openid: string) => `${openid.slice(0, 6)}…`;

/** What this channel uses: the conversations, the texts it sends, the claim store, the clock. */
export interface WechatPorts {
  conversations: Conversations;
  messages: Messages;
  /** Replay records and each message's reply for WeChat's retries (shared by every instance). */
  claims: ClaimStore;
  clock: Clock;
  toTraditional: ToTraditional;
}

export class WechatTurns {
  private readonly replies: ReplyOnce;

  constructor(
    private readonly ports: WechatPorts,
    private readonly deadlineMs: number,
  ) {
    this.replies = new ReplyOnce(ports.claims);
  }

  /** The reply text ('' = answer "success": nothing to say, or the bot was too slow). */
  async reply(message: WechatMessage, log: FastifyBaseLogger): Promise<string> {
    const { inbound } = message;
    const { messages } = this.ports;
    if (inbound.kind === 'ignored') return '';
    if (inbound.kind === 'unsupported') return messages.wechatTextOnly;
    if (inbound.kind === 'unsubscribe') return this.leave(message.from, log);
    const owner = this.ports.conversations.keys.user(CHANNEL_ID, message.from);
    const work = this.replies.once(dedupeKey(owner, message.dedupeKey), () => this.run(message, log));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof LATE>((resolve) => {
      timer = setTimeout(() => resolve(LATE), this.deadlineMs);
    });
    try {
      const result = await Promise.race([work, late]);
      if (result !== LATE) return result;
      // The turn goes on and its state is saved; a later retry gets the stored reply.
      log.warn(
        { wechat: { kind: inbound.kind, user: maskOpenid(message.from), deadlineMs: this.deadlineMs } },
        'wechat: no reply within the deadline, answered "success"',
      );
      work.catch((error: unknown) =>
        log.error({ err: { message: maskPii(String((error as Error)?.message)) } }, 'wechat turn failed'),
      );
      return '';
    } catch (error) {
      log.error({ err: { message: maskPii(String((error as Error)?.message)) } }, 'wechat turn failed');
      return messages.turnError;
    } finally {
      clearTimeout(timer);
    }
  }

  private async run(message: WechatMessage, log: FastifyBaseLogger): Promise<string> {
    const { inbound, from } = message;
    const { conversations, messages, toTraditional } = this.ports;
    const address = { channel: CHANNEL_ID, user: from };
    let activities: Partial<Activity>[];
    switch (inbound.kind) {
      case 'text':
        activities = await conversations.message(address, inbound.text);
        break;
      case 'subscribe':
        activities = await conversations.join(address);
        break;
      case 'click':
        activities = await conversations.event(address, OPEN_EVENT, inbound.key);
        // A key the knowledge does not know: an outdated menu, or a forged event.
        if (activities.some((a) => metaOf(a)?.intent === UNKNOWN_MENU))
          log.warn(
            { wechat: { user: maskOpenid(message.from), eventKey: inbound.key.slice(0, 64) } },
            'wechat: menu CLICK with an unknown EventKey',
          );
        break;
      default:
        return '';
    }
    return renderTurn(activities, messages, toTraditional);
  }

  /**
   * The user unsubscribed: forget their conversation (dialog, memory), user state and every
   * short-lived record of theirs (dedupe rows restate their situation). Not deduplicated:
   * forgetting twice is harmless, and no record of the user must be left behind.
   */
  private async leave(openid: string, log: FastifyBaseLogger): Promise<string> {
    const { conversations, claims } = this.ports;
    await conversations.forget({ channel: CHANNEL_ID, user: openid });
    try {
      await claims.deleteOwner(conversations.keys.user(CHANNEL_ID, openid));
    } catch (error) {
      log.warn(
        { err: { message: maskPii(String((error as Error)?.message)) } },
        'wechat: dedupe rows not deleted',
      );
    }
    return '';
  }
}
