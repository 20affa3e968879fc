// POST /api/ask — the JSON chat API for integrators and evaluation. A thin translator:
// validate the request, ask the conversation of this user, return the turn's summary.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isWellFormed } from '../conversation/conversationKey.js';
import type { Conversations } from '../conversation/conversations.js';
import { ERRORS } from '../http/errorMessages.js';
import { sendError } from '../http/errors.js';

export const CHANNEL_ID = 'api';

const askRequest = z.strictObject({
  // Well-formed UTF-16 only: two ids with different lone surrogates would share one key.
  user: z.string().min(1).max(64).refine(isWellFormed),
  text: z.string().min(1).max(500),
});

export function registerAskApi(app: FastifyInstance, conversations: Conversations): void {
  app.post('/api/ask', async (request, reply) => {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return sendError(reply, 400, ERRORS.notObject);
    }
    const parsed = askRequest.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? '');
      const message =
        field === 'user' || field === 'text'
          ? ERRORS.ask[field]
          : ERRORS.ask.unknownFields(
              issue?.code === 'unrecognized_keys' ? (issue.keys ?? []).join(', ') : field,
            );
      return sendError(reply, 400, message);
    }
    const { user, text } = parsed.data;
    const result = await conversations.ask({ channel: CHANNEL_ID, user }, text);
    return reply.code(200).send(result);
  });
}
