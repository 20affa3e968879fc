// POST /api/messages — the Bot Framework channel (Azure Bot Service, the Bot Framework
// Emulator). botbuilder's CloudAdapter authenticates each request (ConfigurationBotFramework-
// Authentication: with an app id, no valid channel token → 401) and posts the replies to the
// activity's serviceUrl. Without an app id nothing authenticates a caller, so the endpoint is
// off unless BOT_FRAMEWORK_ENDPOINT=on, and then it listens only on a loopback listener of
// its own (BOT_FRAMEWORK_DEV_PORT, src/server.ts), never on the public one. The serviceUrl
// the bot will POST to is checked first: the Bot Connector's hosts when authenticated,
// loopback (the Emulator) in development, never with a user name or password; reply calls
// have a deadline (504). The turn runs through Conversations like every channel's, its state
// in the Bot Framework's own namespace. botbuilder is imported only when the endpoint is on.
import type { CloudAdapter } from 'botbuilder';
import { ActivityTypes, type TurnContext } from 'botbuilder-core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import { isWellFormed } from '../conversation/conversationKey.js';
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

/** off; authenticated (an app id: on the public listener); development (no app id: loopback listener). */
export type BotFrameworkMode = 'off' | 'authenticated' | 'development';

/** Where the endpoint listens (config.ts: unset BOT_FRAMEWORK_ENDPOINT is on exactly with an app id). */
export function botFrameworkMode(config: Config): BotFrameworkMode {
  if (config.BOT_FRAMEWORK_ENDPOINT === 'off') return 'off';
  return config.MicrosoftAppId ? 'authenticated' : 'development';
}

/** The Bot Connector's service hosts (Azure public, Teams, Azure China, US Government). */
export const BOT_CONNECTOR_HOSTS = [
  'botframework.com',
  'smba.trafficmanager.net',
  'botframework.azure.cn',
  'botframework.us',
  'teams.microsoft.com',
  'teams.microsoft.us',
];

/**
 * May the bot POST its replies to this serviceUrl? Authenticated: https on a Bot Connector
 * host (or a subdomain; `extraHosts` from BOT_FRAMEWORK_SERVICE_HOSTS). Development: the
 * Emulator on this machine. Never a URL with a user name or password in it.
 */
export function serviceUrlAllowed(
  serviceUrl: string,
  mode: BotFrameworkMode,
  extraHosts: string[] = [],
): boolean {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (mode === 'development')
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(host);
  if (url.protocol !== 'https:') return false;
  return [...BOT_CONNECTOR_HOSTS, ...extraHosts].some((h) => host === h || host.endsWith(`.${h}`));
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopback(host);
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

/**
 * Registers POST /api/messages on `app` when the endpoint's mode is `on` — the public server
 * registers the authenticated endpoint, the loopback development server the other.
 */
export async function registerBotFramework(
  app: FastifyInstance,
  { conversations, tooFast }: BotFrameworkPorts,
  config: Config,
  on: Exclude<BotFrameworkMode, 'off'>,
): Promise<void> {
  const mode = botFrameworkMode(config);
  if (mode !== on) return;
  const started = performance.now();
  const extraHosts = config.BOT_FRAMEWORK_SERVICE_HOSTS;
  const replyTimeoutMs = config.BOT_FRAMEWORK_REPLY_TIMEOUT_MS;
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
  const logic = async (context: TurnContext, request: FastifyRequest) => {
    const { channelId, from, type } = context.activity;
    // The Bot Connector relays many users from few addresses: the limit is per user, counted
    // only once the request is authenticated (a forged request cannot use up a user's quota).
    const limited =
      type === ActivityTypes.Message &&
      !(await userAllowed(request, CHANNEL, `${channelId}\u0000${from.id}`)).allowed;
    // Every call to the serviceUrl has a deadline: a channel that never answers must not
    // hold the conversation's lock (the caller is answered 504 meanwhile, below). Once one
    // call has missed it, the turn's further sends (the error reply) fail at once.
    let missed = false;
    context.onSendActivities(async (_context, _activities, next) => {
      if (missed) throw new Error('the channel did not answer an earlier reply call');
      return withDeadline(next(), replyTimeoutMs).catch((error: unknown) => {
        missed = true;
        throw error;
      });
    });
    if (limited) {
      await context.sendActivity(tooFast);
      return;
    }
    await conversations.external(context);
  };

  app.post(
    MESSAGES_PATH,
    { bodyLimit: Math.max(config.BODY_LIMIT_BYTES, MIN_ACTIVITY_BODY_BYTES) },
    async (request, reply) => {
      const body = request.body;
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        return sendError(reply, 400, ERRORS.notObject);
      const parsed = activitySchema.safeParse(body);
      if (!parsed.success) return sendError(reply, 400, ERRORS.activityField(fieldOf(parsed.error)));
      const { serviceUrl, from, conversation, recipient } = parsed.data;
      if (!serviceUrlAllowed(serviceUrl, mode, extraHosts))
        return sendError(reply, 403, ERRORS.botFramework.serviceUrl);
      if (![from.id, conversation.id, recipient.id].every(isWellFormed))
        return sendError(reply, 400, ERRORS.botFramework.userId);
      const res = new CapturedResponse();
      const work = adapter.process(toBotRequest(request, body as Record<string, unknown>), res, (context) =>
        logic(context, request),
      );
      // A reply call that outlives the deadline fails the turn (withDeadline in `logic`); the
      // caller is answered 504 at the deadline rather than waiting for the error reply too.
      const late = Symbol('late');
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        work,
        new Promise<typeof late>((resolve) => {
          timer = setTimeout(() => resolve(late), replyTimeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
      if (outcome === late) {
        work.catch(() => undefined);
        request.log.warn({ deadlineMs: replyTimeoutMs }, 'bot framework: the channel did not answer in time');
        return sendError(reply, 504, ERRORS.botFramework.timeout);
      }
      return answer(request, reply, res);
    },
  );
  const ms = Math.round(performance.now() - started);
  if (mode === 'development')
    app.log.warn(
      'Bot Framework 调试接口已开启（未配置 MicrosoftAppId，不验证调用方），只在本机回环地址监听 / Bot Framework endpoint on without an app id: unauthenticated, listening on loopback only',
    );
  app.log.info({ mode, ms }, 'Bot Framework endpoint ready');
}

/** `work`, or a rejection once `ms` have passed. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the channel did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
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

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const ip = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}
