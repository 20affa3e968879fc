// Storage composition: from the settings to the Storage the bot's state uses, the turn lock
// the adapter runs turns in, and the turn log — plus an orderly close for shutdown.
import { MemoryStorage, type Storage } from 'botbuilder-core';
import { type ClaimStore, MemoryClaimStore } from './claims/claimStore.js';
import { RedisClaimStore } from './claims/redisClaimStore.js';
import { SqliteClaimStore } from './claims/sqliteClaimStore.js';
import { isStorageUnavailable } from './errors.js';
import { RedisTurnLock } from './lock/redisTurnLock.js';
import { localTurnLock, type TurnLock } from './lock/turnLock.js';
import { type StorageLogger, silentLogger } from './logger.js';
import { createRedisClient, type RedisClient, redactUrl, redisCall, waitUntilReady } from './redisClient.js';
import type { StorageKind, StorageSettings } from './settings.js';
import { guarded, openSqlite, type SqliteDatabase } from './sqliteDatabase.js';
import { RedisStorage } from './state/redisStorage.js';
import { SqliteStorage } from './state/sqliteStorage.js';
import { RedisTurnLog } from './turnLog/redisTurnLog.js';
import { SqliteTurnLog } from './turnLog/sqliteTurnLog.js';
import { MemoryTurnLog, type TurnLogStore } from './turnLog/turnLog.js';
import { UnavailableClaimStore, UnavailableStorage } from './unavailable.js';

/** Expired state and old turn log records are swept this often (the timer never holds the process). */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/** Expired claims (dedupe rows: ~10 minutes) are swept this often. */
const CLAIM_SWEEP_INTERVAL_MS = 60 * 1000;
/** A health answer is reused for this long (a load balancer probing often costs one check). */
const HEALTH_CACHE_MS = 1000;

/** Redis mode: where the rate-limit counters every instance shares live (src/http/rateLimit.ts). */
export interface SharedCounters {
  redis: RedisClient;
  prefix: string;
}

/** Whether the state store can be used now; `reason` says why not (for /healthz and operators). */
export type StoreHealth = { ok: true } | { ok: false; reason: string };

export interface Stores {
  kind: StorageKind;
  /** Where the data lives, for the start-up log (no password). */
  where: string;
  storage: Storage;
  /** Short-lived atomic records: WeChat replay and dedupe, ended staff sessions. */
  claims: ClaimStore;
  turnLock: TurnLock;
  /** Undefined when TURN_LOG=off. */
  turnLog?: TurnLogStore;
  /** Redis mode: where rate-limit counters are shared by every instance. */
  counters?: SharedCounters;
  /** Wait for the store to be reachable (Redis); false after `timeoutMs`. */
  ready(timeoutMs: number): Promise<boolean>;
  /** Can the store be read and written right now? */
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

export interface OpenOptions {
  log?: StorageLogger;
  now?: () => number;
}

export function openStores(settings: StorageSettings, options: OpenOptions = {}): Stores {
  const log = options.log ?? silentLogger;
  if (settings.kind === 'sqlite') return openSqliteStores(settings, log, options.now);
  if (settings.kind === 'redis') return openRedisStores(settings, log, options.now);
  return {
    kind: 'memory',
    where: 'memory',
    storage: new MemoryStorage(),
    claims: new MemoryClaimStore(options.now),
    turnLock: localTurnLock(),
    turnLog: settings.turnLog ? new MemoryTurnLog() : undefined,
    ready: async () => true,
    health: async () => ({ ok: true }),
    close: async () => {},
  };
}

function openSqliteStores(settings: StorageSettings, log: StorageLogger, now?: () => number): Stores {
  let db: SqliteDatabase;
  try {
    db = openSqlite(settings.sqlitePath);
  } catch (err) {
    if (!isStorageUnavailable(err)) throw err;
    return unavailableSqlite(settings, err.message, log);
  }
  const storage = new SqliteStorage(db, { ttlMs: settings.ttlMs, now, log });
  const claims = new SqliteClaimStore(db, now);
  const turnLog = new SqliteTurnLog(db, settings.turnLogMax);
  const sweep = (what: () => void) => () => {
    try {
      what();
    } catch (err) {
      log.warn({ err: { message: (err as Error).message } }, 'SQLite 清理失败 (sweep failed)');
    }
  };
  const sweepState = sweep(() => {
    storage.sweep();
    turnLog.trim();
  });
  const sweepClaims = sweep(() => claims.sweep());
  sweepState();
  sweepClaims();
  const timers = [
    setInterval(sweepState, SWEEP_INTERVAL_MS),
    setInterval(sweepClaims, CLAIM_SWEEP_INTERVAL_MS),
  ];
  for (const timer of timers) timer.unref();
  // A write that changes nothing lasting: fails when the file is read-only, full or broken.
  const probe = db.prepare<[number]>(
    "INSERT INTO claims (owner, id, value, expires) VALUES ('', 'health', '', ?) " +
      'ON CONFLICT (owner, id) DO UPDATE SET expires = excluded.expires',
  );
  return {
    kind: 'sqlite',
    where: settings.sqlitePath,
    storage,
    claims,
    turnLock: localTurnLock(),
    turnLog: settings.turnLog ? turnLog : undefined,
    ready: async () => true,
    health: cachedHealth(async () => {
      guarded(() => probe.run((now ?? Date.now)() + 60_000));
      return { ok: true };
    }),
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      if (!db.open) return;
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

/** The SQLite file cannot be opened: answer without state and say so (see unavailable.ts). */
function unavailableSqlite(settings: StorageSettings, reason: string, log: StorageLogger): Stores {
  log.error(
    { store: settings.sqlitePath },
    `状态存储不可用，常见问题照常回答，多轮对话暂停 (state store unavailable; answering without state): ${reason}`,
  );
  return {
    kind: 'sqlite',
    where: settings.sqlitePath,
    storage: new UnavailableStorage(reason),
    claims: new UnavailableClaimStore(reason),
    turnLock: localTurnLock(),
    turnLog: undefined,
    ready: async () => false,
    health: async () => ({ ok: false, reason }),
    close: async () => {},
  };
}

/**
 * A health check answered from a cache for HEALTH_CACHE_MS; an outage (StorageUnavailable
 * or any error) becomes { ok: false, reason }.
 */
function cachedHealth(check: () => Promise<StoreHealth>): () => Promise<StoreHealth> {
  let last: { at: number; result: Promise<StoreHealth> } | undefined;
  return () => {
    const now = Date.now();
    if (last && now - last.at < HEALTH_CACHE_MS) return last.result;
    const result = check().catch((err: Error) => ({ ok: false as const, reason: err.message }));
    last = { at: now, result };
    return result;
  };
}

function openRedisStores(settings: StorageSettings, log: StorageLogger, now?: () => number): Stores {
  if (!settings.redis) throw new Error('REDIS_URL is required when STORAGE=redis');
  const redis = createRedisClient(settings.redis);
  reportOutages(redis, log);
  const prefix = settings.keyPrefix;
  return {
    kind: 'redis',
    where: redactUrl(settings.redis.url),
    storage: new RedisStorage(redis, { prefix, ttlMs: settings.ttlMs, now, log }),
    claims: new RedisClaimStore(redis, prefix),
    counters: { redis, prefix },
    turnLock: new RedisTurnLock(redis, { prefix, ttlMs: settings.lockTtlMs, log }),
    turnLog: settings.turnLog ? new RedisTurnLog(redis, prefix, settings.turnLogMax) : undefined,
    ready: (timeoutMs) => waitUntilReady(redis, timeoutMs),
    health: cachedHealth(async () => {
      if (redis.status !== 'ready') return { ok: false, reason: `Redis ${redis.status}` };
      await redisCall(() => redis.ping());
      return { ok: true };
    }),
    close: () => closeRedis(redis),
  };
}

/** One warning when Redis goes away and one when it is back (not one per retry). */
function reportOutages(redis: RedisClient, log: StorageLogger): void {
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.error(
      { err: { message: err.message } },
      'Redis 不可用：常见问题照常回答，多轮对话暂停，恢复后自动继续 (Redis unavailable; answering without state)',
    );
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.warn({}, 'Redis 已恢复 (Redis reconnected)');
  });
}

async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'end') return;
  const quit = redis.quit().catch(() => undefined);
  const timeout = new Promise((resolve) => setTimeout(resolve, 1000).unref());
  await Promise.race([quit, timeout]);
  redis.disconnect();
}
