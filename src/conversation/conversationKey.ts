// Who a turn belongs to, and the one place every key made from it is derived: where the
// bot's conversation and user state are stored, the key its turns are serialized by, and
// the user's key that their short-lived records (WeChat dedupe) and rate-limit counters are
// filed under. All of them are a salted HMAC of the channel's ids (USER_HASH_SALT), so no
// storage, lock or dedupe key carries a raw user id (a phone number used as an /api/ask
// user, an openid), and each channel has its own namespace: a Bot Framework activity that
// claims channelId "wechat" can never reach a WeChat user's state.
import { createHmac } from 'node:crypto';

/** A conversation as a channel sees it. */
export interface Address {
  /** The channel id ('api', 'wechat', 'directline', 'botframework'). */
  channel: string;
  /** The user's id on that channel (an openid, the JSON API's user, a Direct Line user). */
  user: string;
  /** The channel's own conversation id (Direct Line, Bot Framework); absent: one per user. */
  conversation?: string;
}

export interface ConversationKey {
  /** The activity's conversation.id (in memory only: storage goes by stateKey). */
  conversationId: string;
  /** Where ConversationState keeps this conversation. */
  stateKey: string;
  /** Where UserState keeps this user. */
  userStateKey: string;
  /** The turn lock's key (in-process, or across instances in Redis). */
  lockKey: string;
  /** The user's key: owner of their short-lived records, their rate-limit counter. */
  userKey: string;
}

export class UserIdError extends Error {}

/** No lone surrogates: two ill-formed ids could otherwise collapse into one key. */
export function isWellFormed(id: string): boolean {
  return id.isWellFormed();
}

export class ConversationKeys {
  constructor(private readonly salt: string) {}

  /** The keyed hash of one id of a channel (kind: 'u' user, 'c' conversation). */
  private hash(channel: string, kind: 'u' | 'c', id: string): string {
    if (!isWellFormed(id) || !isWellFormed(channel)) throw new UserIdError('ids must be well-formed UTF-16');
    return createHmac('sha256', this.salt)
      .update(`${channel}\u0000${kind}\u0000${id}`, 'utf8')
      .digest('base64url')
      .slice(0, 32);
  }

  /** The user's key on a channel (rate limits, short-lived records). */
  user(channel: string, user: string): string {
    return `${channel}:${this.hash(channel, 'u', user)}`;
  }

  of(address: Address): ConversationKey {
    const { channel, user } = address;
    const conversationId = address.conversation ?? `${channel}:${user}`;
    const conversation = this.hash(channel, 'c', address.conversation ?? user);
    return {
      conversationId,
      stateKey: `${channel}/conversations/${conversation}/`,
      userStateKey: `${channel}/users/${this.hash(channel, 'u', user)}/`,
      lockKey: `${channel}/${conversation}`,
      userKey: this.user(channel, user),
    };
  }
}
