// POST /api/messages — the Bot Framework channel (Azure Bot Service, the Bot Framework
// Emulator). botbuilder's CloudAdapter authenticates each request (ConfigurationBotFramework-
// Authentication: with an app id, no valid channel token → 401) and posts the replies to the
// activity's serviceUrl. The turn runs through Conversations like every channel's: the same
// bot, state, lock, turn log and error reply. The full botbuilder package is imported only
// when the endpoint is enabled.
import type { CloudAdapter } from 'botbuilder';
import { ActivityTypes, type TurnContext } from 'botbuilder-core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Conversations } from '../conversation/conversations.js';
import { ERRORS } from '../http/errorMessages.js';
import { sendError } from '../http/errors.js';
import { userAllowed } from '../http/rateLimit.js';
import { maskPii } from '../text/pii.js';
import { CapturedResponse, toBotRequest } from './botFrameworkBridge.js';

export const MESSAGES_PATH = '/api/messages';
/** Per-user rate-limit namespace of this channel. */
const CHANNEL = 'botframework';
/** Channel activities (Teams' especially) carry entities and channelData: allow more than /api/ask. */
const MIN_ACTIVITY_BODY_BYTES = 65536;

export type BotFrameworkMode = 'off' | 'on' | 'loopback';

/** On, loopback-only or off (config.ts: unset is on with an app id, loopback without). */
export function botFrameworkMode(config: Config): BotFrameworkMode {
  return config.BOT_FRAMEWORK_ENDPOINT;
}

const id = z.string().min(1).max(1024);
const account = z.looseObject({ id });
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)));
/** The fields the adapter and the bot rely on; everything else passes through untouched. */
const activitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  conversation: z.looseObject({ id }),
  from: account,
  recipient: account,
  text: z.string().nullish(),
  membersAdded: z.array(account).nullish(),
  membersRemoved: z.array(account).nullish(),
  timestamp: date.nullish(),
  localTimestamp: date.nullish(),
});

/** What this channel uses: the conversations, and the text for a user who writes too fast. */
export interface BotFrameworkPorts {
  conversations: Conversations;
  tooFast: string;
}

export async function registerBotFramework(
  app: FastifyInstance,
  { conversations, tooFast }: BotFrameworkPorts,
  config: Config,
): Promise<void> {
  const mode = botFrameworkMode(config);
  if (mode === 'off') return;
  const started = performance.now();
  const { CloudAdapter, ConfigurationBotFrameworkAuthentication } = await import('botbuilder');
  const adapter: CloudAdapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    }),
  );
  // A failed turn is answered by Conversations; only a failure to post that answer reaches
  // the adapter, which then returns 500 (sent as 502 below).
  const logic = async (context: TurnContext) => {
    const { channelId, from, type } = context.activity;
    // The Bot Connector relays many users from few addresses: the limit is per user, counted
    // only once the request is authenticated (a forged request cannot use up a user's quota).
    const limited =
      type === ActivityTypes.Message &&
      app.hasDecorator('rateLimits') &&
      !userAllowed(app, CHANNEL, `${channelId}/${from.id}`).allowed;
    if (limited) {
      await context.sendActivity(tooFast);
      return;
    }
    await conversations.external(context);
  };

  app.post(
    MESSAGES_PATH,
    {
      bodyLimit: Math.max(config.BODY_LIMIT_BYTES, MIN_ACTIVITY_BODY_BYTES),
      onRequest: mode === 'loopback' ? onlyFromThisMachine : undefined,
    },
    async (request, reply) => {
      const body = request.body;
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        return sendError(reply, 400, ERRORS.notObject);
      const parsed = activitySchema.safeParse(body);
      if (!parsed.success) return sendError(reply, 400, ERRORS.activityField(fieldOf(parsed.error)));
      const res = new CapturedResponse();
      await adapter.process(toBotRequest(request, body as Record<string, unknown>), res, logic);
      return answer(request, reply, res);
    },
  );
  const ms = Math.round(performance.now() - started);
  app.log.info({ mode, authenticated: Boolean(config.MicrosoftAppId), ms }, 'Bot Framework endpoint ready');
}

/** What the adapter decided, as fastify's reply: invoke bodies as they are, errors bilingual. */
function answer(request: FastifyRequest, reply: FastifyReply, res: CapturedResponse): FastifyReply {
  const status = res.statusCode;
  // CloudAdapter's own failures: 401 (authentication) and 500 (the turn and its error handler
  // threw: the replies could not be posted to the serviceUrl, or token keys could not be
  // fetched). An upstream failure, not ours to report as a 500.
  if (status === 401) return sendError(reply, 401, ERRORS.unauthorized);
  if (status === 500) {
    request.log.error({ err: { message: maskPii(String(res.body ?? '')) } }, 'bot framework delivery failed');
    return sendError(reply, 502, ERRORS.botFramework.upstream);
  }
  // Everything else is the turn's own answer (an invoke response, e.g. 501 for an invoke the
  // bot does not handle).
  if (res.body !== undefined) return reply.code(status).send(res.body);
  if (status < 400) return reply.code(status).send();
  return sendError(
    reply,
    status,
    status === 400 ? ERRORS.activityField('type') : ERRORS.botFramework.unsupported,
  );
}

function fieldOf(error: z.ZodError): string {
  const path = error.issues[0]?.path ?? [];
  return path.map(String).join('.') || 'type';
}

/** Loopback mode: only this machine, and not through a local reverse proxy. */
async function onlyFromThisMachine(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const h = request.headers;
  const proxied =
    h['x-forwarded-for'] !== undefined || h.forwarded !== undefined || h['x-real-ip'] !== undefined;
  if (proxied || !isLoopback(request.socket.remoteAddress))
    return sendError(reply, 403, ERRORS.botFramework.localOnly);
  return undefined;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const ip = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}
