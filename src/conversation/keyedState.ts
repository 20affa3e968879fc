// ConversationState and UserState that store under the keys Conversations derived for the
// turn (conversationKey.ts: salted, namespaced by channel) instead of botbuilder's
// `<channelId>/conversations/<conversation.id>`, which would put raw ids in storage keys and
// let an activity's claimed channelId choose whose state it loads.
import { ConversationState, type TurnContext, UserState } from 'botbuilder-core';
import type { ConversationKey } from './conversationKey.js';

const KEYS = Symbol('conversationKey');

/** Conversations marks every turn it runs with its keys. */
export function setTurnKeys(context: TurnContext, key: ConversationKey): void {
  context.turnState.set(KEYS, key);
}

export function turnKeys(context: TurnContext): ConversationKey {
  const key = context.turnState.get(KEYS) as ConversationKey | undefined;
  // A turn that did not come through Conversations has no state of its own.
  if (!key) throw new Error('this turn has no conversation key (every turn runs through Conversations)');
  return key;
}

export class KeyedConversationState extends ConversationState {
  override getStorageKey(context: TurnContext): string {
    return turnKeys(context).stateKey;
  }
}

export class KeyedUserState extends UserState {
  override getStorageKey(context: TurnContext): string {
    return turnKeys(context).userStateKey;
  }
}
