// Request rate limits per client address and per user, in fixed one-minute windows, kept in
// memory and bounded: expired windows are dropped as new ones open, and past MAX_KEYS the
// oldest window is dropped. Over the limit → 429 with Retry-After and a bilingual error.
// Platform relays (WeChat's servers, the Bot Connector) carry many users from few addresses:
// they are not limited per address; their channels call `userAllowed` with their own user ids.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { ERRORS } from './errorMessages.js';
import { sendError } from './errors.js';

export const WINDOW_MS = 60_000;
/** Most keys one limiter remembers (~100 bytes each). */
export const MAX_KEYS = 50_000;

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

interface Window {
  start: number;
  count: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  /** `limit` requests per window and key; 0 turns the limiter off. */
  constructor(
    readonly limit: number,
    private readonly now: () => number = Date.now,
    readonly maxKeys = MAX_KEYS,
  ) {}

  get size(): number {
    return this.windows.size;
  }

  hit(key: string): RateDecision {
    if (this.limit <= 0) return { allowed: true, retryAfter: 0 };
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= WINDOW_MS) {
      // A new window goes to the end of the map, so the map stays ordered by window start.
      this.windows.delete(key);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      this.evict(now);
    }
    w.count += 1;
    const retryAfter = Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000));
    return { allowed: w.count <= this.limit, retryAfter };
  }

  private evict(now: number): void {
    for (const [key, w] of this.windows) {
      if (now - w.start < WINDOW_MS && this.windows.size <= this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}

export interface RateLimits {
  address: RateLimiter;
  user: RateLimiter;
}

declare module 'fastify' {
  interface FastifyInstance {
    rateLimits: RateLimits;
  }
}

export function sendRateLimited(reply: FastifyReply, decision: RateDecision): FastifyReply {
  reply.header('retry-after', String(decision.retryAfter));
  return sendError(reply, 429, ERRORS.rateLimited);
}

/** For channels: may this user of this channel send another message now? */
export function userAllowed(app: FastifyInstance, channel: string, user: string): RateDecision {
  return app.rateLimits.user.hit(`${channel}\u0000${user}`);
}

/** Per-address limit on every request but relays and health; per-user limit where a body names the user. */
export function installRateLimits(app: FastifyInstance, config: Config, now: () => number = Date.now): void {
  const limits: RateLimits = {
    address: new RateLimiter(config.RATE_LIMIT_PER_IP_PER_MIN, now),
    user: new RateLimiter(config.RATE_LIMIT_PER_USER_PER_MIN, now),
  };
  app.decorate('rateLimits', limits);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (limits.address.limit <= 0) return;
    const path = request.url.split('?')[0] ?? '';
    if (ADDRESS_EXEMPT.has(path)) return;
    const decision = limits.address.hit(request.ip);
    if (!decision.allowed) return sendRateLimited(reply, decision);
  });
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (limits.user.limit <= 0) return;
    const named = USER_FIELD[request.routeOptions.url ?? ''];
    const body = request.body as Record<string, unknown> | null | undefined;
    const user = named && body && typeof body === 'object' ? body[named.field] : undefined;
    if (!named || typeof user !== 'string' || user === '') return;
    const decision = userAllowed(request.server, named.channel, user);
    if (!decision.allowed) return sendRateLimited(reply, decision);
  });
}
