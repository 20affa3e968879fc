// What the Direct Line routes share, and the lookup of the conversation a request names.
import type { FastifyReply } from 'fastify';
import type { Clock } from '../../calendar.js';
import { ERRORS } from '../../http/errorMessages.js';
import { sendError } from '../../http/errors.js';
import type { Principal } from './auth.js';
import type { ConversationRecord, ConversationStore } from './store.js';
import type { StreamHub } from './stream.js';
import type { TokenService } from './tokens.js';
import type { DirectLineTurns } from './turn.js';

export interface DirectLineContext {
  clock: Clock;
  tokens: TokenService;
  store: ConversationStore;
  hub: StreamHub;
  turns: DirectLineTurns;
}

/**
 * The conversation, created again when a valid token names one the store no longer has
 * (a restart with in-memory storage, an evicted key): the signed token proves we issued it.
 * Its watermarks then start at the current time in milliseconds, above any watermark the
 * client kept from before, so it is sent everything of the new log. With the secret an
 * unknown conversation is a 404.
 */
export async function conversationFor(
  ctx: DirectLineContext,
  principal: Principal,
  conversationId: string,
  reply: FastifyReply,
): Promise<ConversationRecord | undefined> {
  const record = await ctx.store.get(conversationId);
  if (record) return record;
  if (principal.kind === 'token') {
    const now = ctx.clock();
    const { record: created } = await ctx.store.create(
      conversationId,
      principal.claims.userId,
      now,
      now.getTime(),
    );
    return created;
  }
  sendError(reply, 404, ERRORS.directLine.noConversation);
  return undefined;
}

/** The token response body shared by generate, refresh, start and reconnect. */
export function tokenBody(ctx: DirectLineContext, conversationId: string, userId: string) {
  return {
    conversationId,
    token: ctx.tokens.issue('conversation', conversationId, userId),
    expires_in: ctx.tokens.expiresIn,
  };
}
