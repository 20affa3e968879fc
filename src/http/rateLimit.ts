// Request rate limits, in fixed windows, on @fastify/rate-limit's stores: in memory (an LRU of
// bounded size) on one instance, or one counter in Redis shared by every instance (INCR and
// PEXPIRE in one script) in Redis mode — so N instances allow what one does, not N times it.
// When Redis is away the limits are skipped (skipOnError): the assistant keeps answering.
// Counter keys are salted hashes (a user id or an address never appears in Redis).
// The limits: per client address (every route but relays and health), per user of a channel
// (channels call `userAllowed` with their own user ids: WeChat's servers and the Bot
// Connector relay many users from few addresses), per address on Direct Line token issue (a
// new token is a new user: it must not reset the per-user limit), and failed staff logins.
// Over a limit → 429 with Retry-After and a bilingual error.
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Cluster, Redis } from 'ioredis';
import type { Config } from '../config.js';
import { ERRORS } from './errorMessages.js';
import { sendError } from './errors.js';

export const WINDOW_MS = 60_000;
/** Most keys one instance's in-memory limiter remembers (~100 bytes each). */
export const MAX_KEYS = 50_000;
/** Failed staff logins allowed per address in STAFF_LOGIN_WINDOW_MS. */
export const STAFF_LOGIN_FAILURES = 10;
export const STAFF_LOGIN_WINDOW_MS = 10 * 60_000;

/** Routes whose callers relay many users (or are health probes): no per-address limit. */
const ADDRESS_EXEMPT = new Set(['/healthz', '/wechat', '/api/messages']);
/** Routes whose JSON body names the user: the per-user limit applies to that field. */
const USER_FIELD: Record<string, { field: string; channel: string }> = {
  '/api/ask': { field: 'user', channel: 'api' },
};

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the window ends (for Retry-After). */
  retryAfter: number;
}

export type LimitName = 'address' | 'user' | 'token' | 'staffLogin';

export interface RateLimitOptions {
  /** Where counters live across instances (Redis mode: the stores' client and key prefix); absent: this instance's memory. */
  counters?: { redis: Redis | Cluster; prefix: string };
  /** The salted key of an id (a user of a channel, an address): conversationKey.ts. */
  keyOf(namespace: string, id: string): string;
}

export interface RateLimits {
  /** Count one more hit of `id` against the limit `name`. */
  hit(request: FastifyRequest, name: LimitName, id: string): Promise<RateDecision>;
  /** The limit's state without counting (staff logins count failures only). */
  peek(request: FastifyRequest, name: LimitName, id: string): Promise<RateDecision>;
}

declare module 'fastify' {
  interface FastifyInstance {
    rateLimits: RateLimits;
  }
}

type Check = Awaited<ReturnType<ReturnType<FastifyInstance['createRateLimit']>>>;
const KEY = Symbol('rateLimitKey');
type Keyed = FastifyRequest & { [KEY]?: string };

export function sendRateLimited(reply: FastifyReply, decision: RateDecision): FastifyReply {
  reply.header('retry-after', String(decision.retryAfter));
  return sendError(reply, 429, ERRORS.rateLimited);
}

/** For channels: may this user of this channel send another message now? */
export function userAllowed(request: FastifyRequest, channel: string, user: string): Promise<RateDecision> {
  return request.server.rateLimits.hit(request, 'user', `${channel}\u0000${user}`);
}

export function installRateLimits(app: FastifyInstance, config: Config, options: RateLimitOptions): void {
  const limits: Record<LimitName, { max: number; windowMs: number }> = {
    address: { max: config.RATE_LIMIT_PER_IP_PER_MIN, windowMs: WINDOW_MS },
    user: { max: config.RATE_LIMIT_PER_USER_PER_MIN, windowMs: WINDOW_MS },
    token: { max: config.DIRECTLINE_TOKENS_PER_IP_PER_MIN, windowMs: WINDOW_MS },
    staffLogin: { max: STAFF_LOGIN_FAILURES, windowMs: STAFF_LOGIN_WINDOW_MS },
  };
  app.register(fastifyRateLimit, {
    global: false,
    // A Redis outage must not stop the assistant: unlimited until it is back.
    skipOnError: true,
    redis: options.counters?.redis,
    nameSpace: `${options.counters?.prefix ?? ''}rate:`,
    cache: MAX_KEYS,
  });
  const checkers = new Map<LimitName, ReturnType<FastifyInstance['createRateLimit']>>();
  const checker = (name: LimitName) => {
    let check = checkers.get(name);
    if (!check) {
      const { max, windowMs } = limits[name];
      check = app.createRateLimit({
        max,
        timeWindow: windowMs,
        keyGenerator: (req) => (req as Keyed)[KEY] ?? '',
      });
      checkers.set(name, check);
    }
    return check;
  };
  const decide = async (request: FastifyRequest, name: LimitName, id: string, increment: boolean) => {
    if (limits[name].max <= 0) return { allowed: true, retryAfter: 0 };
    // The key generator runs synchronously when the check starts: set the key just before.
    (request as Keyed)[KEY] = options.keyOf(name, id);
    const result: Check = await checker(name)(request, { increment });
    if (result.isAllowed) return { allowed: true, retryAfter: 0 };
    const exceeded = increment ? result.isExceeded : result.max - result.remaining >= result.max;
    return {
      allowed: !exceeded,
      retryAfter: Math.max(1, result.ttlInSeconds || Math.ceil(limits[name].windowMs / 1000)),
    };
  };
  app.decorate('rateLimits', {
    hit: (request, name, id) => decide(request, name, id, true),
    peek: (request, name, id) => decide(request, name, id, false),
  } satisfies RateLimits);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (limits.address.max <= 0) return;
    const path = request.url.split('?')[0] ?? '';
    if (ADDRESS_EXEMPT.has(path)) return;
    const decision = await app.rateLimits.hit(request, 'address', request.ip);
    if (!decision.allowed) return sendRateLimited(reply, decision);
  });
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (limits.user.max <= 0) return;
    const named = USER_FIELD[request.routeOptions.url ?? ''];
    const body = request.body as Record<string, unknown> | null | undefined;
    const user = named && body && typeof body === 'object' ? body[named.field] : undefined;
    if (!named || typeof user !== 'string' || user === '' || !user.isWellFormed()) return;
    const decision = await userAllowed(request, named.channel, user);
    if (!decision.allowed) return sendRateLimited(reply, decision);
  });
}
