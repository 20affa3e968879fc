// One ioredis client per process for state, locks and the turn log. Never queue commands
// while Redis is away (they fail at once, so the bot answers without state) and reconnect
// by itself. REDIS_URL forms:
//   standalone  redis://[:password@]host:6379[/db]   rediss://… for TLS
//   sentinel    REDIS_MODE=sentinel REDIS_SENTINEL_NAME=mymaster
//               REDIS_URL=redis://:password@sentinel-1:26379,redis://sentinel-2:26379
//               (the password is the master's; the hosts are the sentinels)
//   cluster     REDIS_MODE=cluster REDIS_URL=redis://:password@node-1:6379,redis://node-2:6379
//               (seed nodes; every key we use is a single key, so no cross-slot commands)
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { StorageUnavailableError } from './errors.js';

export type RedisMode = 'standalone' | 'sentinel' | 'cluster';
export type RedisClient = Redis | Cluster;

export interface RedisSettings {
  url: string;
  mode: RedisMode;
  sentinelName?: string;
  /** Give up on a command after this long (a hung connection must not hold a turn). */
  commandTimeoutMs?: number;
}

interface Endpoint {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls: boolean;
}

export function parseRedisUrls(url: string): Endpoint[] {
  return url
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const u = new URL(s);
      const db = u.pathname.replace(/^\//, '');
      return {
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port: Number(u.port || 6379),
        username: u.username ? decodeURIComponent(u.username) : undefined,
        password: u.password ? decodeURIComponent(u.password) : undefined,
        db: db ? Number(db) : undefined,
        tls: u.protocol === 'rediss:',
      };
    });
}

/** Reconnect after 50 ms, 100 ms, … at most every 2 s, forever. */
const reconnectDelay = (attempt: number): number => Math.min(50 * attempt, 2000);

/** The ioredis options of every connection (pure, for tests). */
export function connectionOptions(settings: RedisSettings): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: settings.commandTimeoutMs ?? 2000,
    connectTimeout: 3000,
    retryStrategy: reconnectDelay,
  };
}

export function createRedisClient(settings: RedisSettings): RedisClient {
  const endpoints = parseRedisUrls(settings.url);
  const first = endpoints[0];
  if (!first) throw new Error('REDIS_URL is empty');
  const common = connectionOptions(settings);
  const auth = { username: first.username, password: first.password, tls: first.tls ? {} : undefined };
  if (settings.mode === 'cluster') {
    const { enableOfflineQueue, retryStrategy: _retry, ...redisOptions } = common;
    return new Cluster(
      endpoints.map((e) => ({ host: e.host, port: e.port })),
      {
        enableOfflineQueue,
        clusterRetryStrategy: reconnectDelay,
        redisOptions: { ...redisOptions, ...auth },
      },
    );
  }
  if (settings.mode === 'sentinel') {
    return new Redis({
      ...common,
      ...auth,
      name: settings.sentinelName,
      sentinels: endpoints.map((e) => ({ host: e.host, port: e.port })),
      sentinelPassword: first.password,
      sentinelTLS: first.tls ? {} : undefined,
      enableTLSForSentinelMode: first.tls,
      db: first.db,
    });
  }
  return new Redis({ ...common, ...auth, host: first.host, port: first.port, db: first.db });
}

/** Wait until the client is connected, at most `timeoutMs`; false when it is not. */
export function waitUntilReady(client: RedisClient, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
  });
}

/** Redis answered with an error (wrong type, script error): not an outage. */
export const isReplyError = (err: unknown): boolean => (err as Error | undefined)?.name === 'ReplyError';

/** Run Redis commands; connection trouble (down, timeout, offline) becomes StorageUnavailableError. */
export async function redisCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isReplyError(err)) throw err;
    throw new StorageUnavailableError(`Redis: ${(err as Error).message}`, { cause: err });
  }
}

/** The URL(s) without passwords, for logs. */
export function redactUrl(url: string): string {
  return url.replace(
    /\/\/([^@/]*)@/g,
    (_m, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`,
  );
}
