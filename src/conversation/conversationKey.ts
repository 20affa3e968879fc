// Who a turn belongs to, and the one place the conversation id the bot's state is stored
// under and the key its turns are serialized by are made from it. Every channel names its
// turns by an Address; none builds ids or lock keys of its own (namespacing or hashing them
// later is a change here only).

/** A conversation as a channel sees it. */
export interface Address {
  /** The channel id ('api', 'wechat', 'directline', a Bot Framework channel …). */
  channel: string;
  /** The user's id on that channel (an openid, the JSON API's user, a Direct Line user). */
  user: string;
  /** The channel's own conversation id (Direct Line, Bot Framework); absent: one per user. */
  conversation?: string;
}

export interface ConversationKey {
  /** The activity's conversation.id: ConversationState keys the state with it. */
  conversationId: string;
  /** The turn lock's key (in-process, or across instances in Redis). */
  lockKey: string;
}

export function conversationKey(address: Address): ConversationKey {
  const conversationId = address.conversation ?? `${address.channel}:${address.user}`;
  return { conversationId, lockKey: `${address.channel}/${conversationId}` };
}
