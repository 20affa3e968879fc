// POST /api/ask — the JSON chat API for integrators and evaluation. A thin translator:
// validate the request, ask the conversation of this user, return the turn's summary.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isWellFormed } from '../conversation/conversationKey.js';
import type { Conversations } from '../conversation/conversations.js';
import { sendError } from '../http/errors.js';

export const CHANNEL_ID = 'api';

const askRequest = z.strictObject({
  // Well-formed UTF-16 only: two ids with different lone surrogates would share one key.
  user: z.string().min(1).max(64).refine(isWellFormed),
  text: z.string().min(1).max(500),
});

const FIELD_MESSAGES: Record<string, string> = {
  user: '字段 user 必须是 1–64 个字符的字符串（有效的 Unicode）/ "user" must be a string of 1–64 characters (well-formed Unicode)',
  text: '字段 text 必须是 1–500 个字符的字符串 / "text" must be a string of 1–500 characters',
};

export function registerAskApi(app: FastifyInstance, conversations: Conversations): void {
  app.post('/api/ask', async (request, reply) => {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return sendError(reply, 400, '请求体必须是 JSON 对象 / Request body must be a JSON object');
    }
    const parsed = askRequest.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? '');
      const message =
        FIELD_MESSAGES[field] ??
        `不支持的字段 ${issue?.code === 'unrecognized_keys' ? (issue.keys ?? []).join(', ') : field} / Unknown field(s)`;
      return sendError(reply, 400, message);
    }
    const { user, text } = parsed.data;
    const result = await conversations.ask({ channel: CHANNEL_ID, user }, text);
    return reply.code(200).send(result);
  });
}
