// POST /api/webchat/token — the page's way in: a token for a new conversation, bound to a new
// user id. Self-hosted: issued here (the page then starts the conversation at our Direct
// Line). Azure: exchanged with Azure's tokens/generate using the secret, which stays here.
import type { FastifyInstance } from 'fastify';
import { ERRORS } from '../../http/errorMessages.js';
import { sendError } from '../../http/errors.js';
import { sendRateLimited } from '../../http/rateLimit.js';
import type { DirectLineService } from '../directLine/index.js';
import { randomId } from '../directLine/tokens.js';

export const TOKEN_PATH = '/api/webchat/token';
const AZURE_TIMEOUT_MS = 10000;

export interface WebChatToken {
  token: string;
  conversationId: string;
  userId: string;
  expires_in: number;
  /** Azure's Direct Line base URL; absent: this server's /v3/directline. */
  domain?: string;
}

export function registerTokenRoute(app: FastifyInstance, directLine: DirectLineService): void {
  const { azure } = directLine.settings;
  app.post(TOKEN_PATH, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    // A token is a new user: per address, so new tokens cannot reset the per-user limit.
    const issue = await request.server.rateLimits.hit(request, 'token', request.ip);
    if (!issue.allowed) return sendRateLimited(reply, issue);
    const userId = randomId('dl_');
    if (!azure) {
      const conversationId = randomId();
      const body: WebChatToken = {
        token: directLine.tokens.issue('conversation', conversationId, userId),
        conversationId,
        userId,
        expires_in: directLine.tokens.expiresIn,
      };
      return reply.code(200).send(body);
    }
    try {
      const res = await fetch(`${azure.domain}/tokens/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${azure.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user: { id: userId } }),
        signal: AbortSignal.timeout(AZURE_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`Azure Direct Line answered ${res.status}`);
      const azureToken = (await res.json()) as Partial<WebChatToken>;
      if (typeof azureToken.token !== 'string') throw new Error('Azure Direct Line sent no token');
      const body: WebChatToken = {
        token: azureToken.token,
        conversationId: String(azureToken.conversationId ?? ''),
        userId,
        expires_in: Number(azureToken.expires_in ?? 1800),
        domain: azure.domain,
      };
      return reply.code(200).send(body);
    } catch (error) {
      request.log.warn({ err: { message: (error as Error).message } }, 'azure direct line token failed');
      return sendError(reply, 502, ERRORS.directLine.upstream);
    }
  });
}
