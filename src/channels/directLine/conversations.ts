// Tokens and conversations: generate (secret → token for a new conversation), refresh,
// start (201 with a stream URL; 200 when the token's conversation was already started) and
// reconnect (a fresh stream URL that replays from the watermark).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS } from '../../http/errorMessages.js';
import { sendError } from '../../http/errors.js';
import { sendRateLimited } from '../../http/rateLimit.js';
import { isUserId } from './activity.js';
import { authenticate, isConversationId, mayAccess } from './auth.js';
import { conversationFor, type DirectLineContext, tokenBody } from './context.js';
import { DIRECT_LINE_PATH } from './settings.js';
import { randomId } from './tokens.js';
import { parseWatermark, streamUrlOf } from './urls.js';

type Body = { user?: { id?: unknown; name?: unknown } } | undefined;

/** The user id a secret holder asks for (body.user.id), a new one when absent; null when invalid. */
function requestedUser(request: FastifyRequest): string | null {
  const body = request.body as Body | null;
  if (body === undefined || body === null) return randomId('dl_');
  if (typeof body !== 'object' || Array.isArray(body)) return null;
  const id = body.user?.id;
  if (id === undefined || id === null) return randomId('dl_');
  return typeof id === 'string' && isUserId(id) ? id : null;
}

export function registerConversationRoutes(app: FastifyInstance, ctx: DirectLineContext): void {
  const badUser = (reply: FastifyReply) => sendError(reply, 400, ERRORS.directLine.userField);

  app.post(`${DIRECT_LINE_PATH}/tokens/generate`, async (request, reply) => {
    const principal = authenticate(request, reply, ctx.tokens);
    if (!principal) return reply;
    if (principal.kind !== 'secret') return sendError(reply, 403, ERRORS.directLine.secretRequired);
    const issue = await request.server.rateLimits.hit(request, 'token', request.ip);
    if (!issue.allowed) return sendRateLimited(reply, issue);
    const userId = requestedUser(request);
    if (userId === null) return badUser(reply);
    return reply.code(200).send(tokenBody(ctx, randomId(), userId));
  });

  app.post(`${DIRECT_LINE_PATH}/tokens/refresh`, async (request, reply) => {
    const principal = authenticate(request, reply, ctx.tokens);
    if (!principal) return reply;
    if (principal.kind !== 'token') return sendError(reply, 400, ERRORS.directLine.badToken);
    const { conversationId, userId } = principal.claims;
    return reply.code(200).send(tokenBody(ctx, conversationId, userId));
  });

  app.post(`${DIRECT_LINE_PATH}/conversations`, async (request, reply) => {
    const principal = authenticate(request, reply, ctx.tokens);
    if (!principal) return reply;
    let conversationId: string;
    let userId: string;
    if (principal.kind === 'token') {
      ({ conversationId, userId } = principal.claims);
    } else {
      const requested = requestedUser(request);
      if (requested === null) return badUser(reply);
      conversationId = randomId();
      userId = requested;
    }
    const { record, created } = await ctx.store.create(conversationId, userId, ctx.clock());
    const streamToken = ctx.tokens.issue('stream', record.id, record.userId);
    return reply.code(created ? 201 : 200).send({
      ...tokenBody(ctx, record.id, record.userId),
      streamUrl: streamUrlOf(request, record.id, streamToken),
    });
  });

  app.get<{ Params: { id: string } }>(`${DIRECT_LINE_PATH}/conversations/:id`, async (request, reply) => {
    const principal = authenticate(request, reply, ctx.tokens);
    if (!principal) return reply;
    const { id } = request.params;
    if (!mayAccess(principal, id, reply)) return reply;
    if (!isConversationId(id)) return sendError(reply, 404, ERRORS.directLine.noConversation);
    const watermark = parseWatermark(request);
    if (watermark === null) return sendError(reply, 400, ERRORS.directLine.badWatermark);
    const record = await conversationFor(ctx, principal, id, reply);
    if (!record) return reply;
    const streamToken = ctx.tokens.issue('stream', record.id, record.userId);
    return reply.code(200).send({
      ...tokenBody(ctx, record.id, record.userId),
      streamUrl: streamUrlOf(request, record.id, streamToken, watermark ?? 0),
    });
  });
}
