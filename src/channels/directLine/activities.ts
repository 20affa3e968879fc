// Sending an activity (answered after the bot's turn, so the replies are already logged when
// the POST returns; each counts against RATE_LIMIT_PER_USER_PER_MIN) and receiving them: by
// polling with a watermark, or over the WebSocket.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS } from '../../http/errorMessages.js';
import { sendError } from '../../http/errors.js';
import { sendRateLimited, userAllowed } from '../../http/rateLimit.js';
import { parsePosted } from './activity.js';
import { authenticate, isConversationId, mayAccess, type Principal } from './auth.js';
import { conversationFor, type DirectLineContext } from './context.js';
import { DIRECT_LINE_PATH } from './settings.js';
import { activitiesAfter } from './store.js';
import type { StreamSocket } from './stream.js';
import type { TokenKind } from './tokens.js';
import { CHANNEL_ID } from './turn.js';
import { parseWatermark } from './urls.js';

type WithId = { Params: { id: string } };
const BASE = `${DIRECT_LINE_PATH}/conversations/:id`;

/** Authentication and the conversation check every per-conversation route starts with. */
function admit(
  ctx: DirectLineContext,
  request: FastifyRequest<WithId>,
  reply: FastifyReply,
  kinds?: readonly TokenKind[],
): Principal | undefined {
  const principal = authenticate(request, reply, ctx.tokens, kinds);
  if (!principal) return undefined;
  const { id } = request.params;
  if (!mayAccess(principal, id, reply)) return undefined;
  if (!isConversationId(id)) {
    sendError(reply, 404, ERRORS.directLine.noConversation);
    return undefined;
  }
  return principal;
}

export function registerActivityRoutes(app: FastifyInstance, ctx: DirectLineContext): void {
  app.post<WithId>(`${BASE}/activities`, async (request, reply) => {
    const principal = admit(ctx, request, reply);
    if (!principal) return reply;
    const parsed = parsePosted(request.body);
    if (!parsed.ok) return sendError(reply, 400, parsed.error);
    // A token speaks for its own user; the secret must say who it speaks for.
    const userId = principal.kind === 'token' ? principal.claims.userId : parsed.activity.fromId;
    if (!userId) return sendError(reply, 400, ERRORS.activityField('from'));
    if (parsed.activity.type !== 'typing') {
      const decision = await userAllowed(request, CHANNEL_ID, userId);
      if (!decision.allowed) return sendRateLimited(reply, decision);
    }
    const record = await conversationFor(ctx, principal, request.params.id, reply);
    if (!record) return reply;
    const id = await ctx.turns.post(record.id, userId, parsed.activity);
    return reply.code(200).send({ id });
  });

  app.get<WithId>(`${BASE}/activities`, async (request, reply) => {
    const principal = admit(ctx, request, reply);
    if (!principal) return reply;
    const watermark = parseWatermark(request);
    if (watermark === null) return sendError(reply, 400, ERRORS.directLine.badWatermark);
    const record = await conversationFor(ctx, principal, request.params.id, reply);
    if (!record) return reply;
    return reply.code(200).send({
      activities: activitiesAfter(record, watermark ?? 0),
      watermark: String(record.next),
    });
  });

  // The stream URL carries a stream token (?t=); checked before the upgrade, so a bad one
  // is an HTTP 401/403 instead of an open socket.
  app.get<WithId>(
    `${BASE}/stream`,
    {
      websocket: true,
      preValidation: async (request, reply) => {
        const principal = admit(ctx, request, reply, ['stream', 'conversation']);
        if (!principal) return reply;
        if (parseWatermark(request) === null) return sendError(reply, 400, ERRORS.directLine.badWatermark);
        if (!(await conversationFor(ctx, principal, request.params.id, reply))) return reply;
      },
    },
    (socket, request) => {
      ctx.hub.attach(socket as unknown as StreamSocket, request.params.id, parseWatermark(request) ?? 0);
    },
  );
}
