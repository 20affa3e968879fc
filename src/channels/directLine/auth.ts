// Who is calling: the Direct Line secret (the master key, for servers), a conversation token
// (one conversation, one user, until it expires) or a stream token (only the WebSocket).
// Failures are 401 (no credentials) or 403 (bad, expired or for another conversation): the
// Direct Line client treats 403 as "token expired" and asks its host for a new token.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS } from '../../http/errorMessages.js';
import { sendError } from '../../http/errors.js';
import type { TokenClaims, TokenKind, TokenService } from './tokens.js';

export type Principal = { kind: 'secret' } | { kind: 'token'; claims: TokenClaims };

const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isConversationId(id: string): boolean {
  return CONVERSATION_ID.test(id);
}

/** The credential of a request and where it came from: `Authorization: Bearer …`, or `?t=` where allowed. */
export function credentialOf(
  request: FastifyRequest,
  allowQuery = false,
): { value: string; inUrl: boolean } | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^(?:Bearer|BotConnector)\s+(\S+)\s*$/i.exec(header);
    return { value: match?.[1] ?? '', inUrl: false };
  }
  if (allowQuery) {
    const t = (request.query as Record<string, unknown> | undefined)?.t;
    if (typeof t === 'string') return { value: t, inUrl: true };
  }
  return undefined;
}

/**
 * Authenticates the request; on failure sends the error and returns undefined. `kinds`: the
 * token kinds this route accepts (the secret is always accepted).
 */
export function authenticate(
  request: FastifyRequest,
  reply: FastifyReply,
  tokens: TokenService,
  kinds: readonly TokenKind[] = ['conversation'],
): Principal | undefined {
  const given = credentialOf(request, kinds.includes('stream'));
  if (!given?.value) {
    reply.header('www-authenticate', 'Bearer');
    sendError(reply, 401, ERRORS.directLine.missingAuth);
    return undefined;
  }
  const credential = given.value;
  // A URL ends up in logs, proxies and browser history: only a stream token (one
  // conversation's WebSocket, for a minute) may travel in one — never the secret or a
  // conversation token.
  if (given.inUrl) {
    const inUrl = tokens.verify(credential);
    if (!inUrl.ok || inUrl.claims.kind !== 'stream') {
      sendError(
        reply,
        403,
        inUrl.ok || tokens.isSecret(credential)
          ? ERRORS.directLine.onlyStreamInUrl
          : ERRORS.directLine.badToken,
      );
      return undefined;
    }
  }
  if (credential.length <= 1024 && tokens.isSecret(credential)) return { kind: 'secret' };
  const check = tokens.verify(credential);
  if (!check.ok) {
    sendError(
      reply,
      403,
      check.reason === 'expired' ? ERRORS.directLine.expiredToken : ERRORS.directLine.badToken,
    );
    return undefined;
  }
  if (!kinds.includes(check.claims.kind)) {
    sendError(
      reply,
      403,
      check.claims.kind === 'stream' ? ERRORS.directLine.streamToken : ERRORS.directLine.badToken,
    );
    return undefined;
  }
  return { kind: 'token', claims: check.claims };
}

/** A token opens only its own conversation; on mismatch sends 403 and returns false. */
export function mayAccess(principal: Principal, conversationId: string, reply: FastifyReply): boolean {
  if (principal.kind === 'secret' || principal.claims.conversationId === conversationId) return true;
  sendError(reply, 403, ERRORS.directLine.otherConversation);
  return false;
}
