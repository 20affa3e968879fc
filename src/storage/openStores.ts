// Storage composition: from the settings to the Storage the bot's state uses, the turn lock
// the adapter runs turns in, and the turn log — plus an orderly close for shutdown.
import { MemoryStorage, type Storage } from 'botbuilder-core';
import { RedisTurnLock } from './lock/redisTurnLock.js';
import { localTurnLock, type TurnLock } from './lock/turnLock.js';
import { type StorageLogger, silentLogger } from './logger.js';
import { createRedisClient, type RedisClient, redactUrl, waitUntilReady } from './redisClient.js';
import type { StorageKind, StorageSettings } from './settings.js';
import { openSqlite } from './sqliteDatabase.js';
import { RedisStorage } from './state/redisStorage.js';
import { SqliteStorage } from './state/sqliteStorage.js';
import { RedisTurnLog } from './turnLog/redisTurnLog.js';
import { SqliteTurnLog } from './turnLog/sqliteTurnLog.js';
import { MemoryTurnLog, type TurnLogStore } from './turnLog/turnLog.js';

/** Expired state and old turn log records are swept this often (the timer never holds the process). */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

export interface Stores {
  kind: StorageKind;
  /** Where the data lives, for the start-up log (no password). */
  where: string;
  storage: Storage;
  turnLock: TurnLock;
  /** Undefined when TURN_LOG=off. */
  turnLog?: TurnLogStore;
  /** Wait for the store to be reachable (Redis); false after `timeoutMs`. */
  ready(timeoutMs: number): Promise<boolean>;
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
    turnLock: localTurnLock(),
    turnLog: settings.turnLog ? new MemoryTurnLog() : undefined,
    ready: async () => true,
    close: async () => {},
  };
}

function openSqliteStores(settings: StorageSettings, log: StorageLogger, now?: () => number): Stores {
  const db = openSqlite(settings.sqlitePath);
  const storage = new SqliteStorage(db, { ttlMs: settings.ttlMs, now, log });
  const turnLog = new SqliteTurnLog(db, settings.turnLogMax);
  const sweep = () => {
    try {
      storage.sweep();
      turnLog.trim();
    } catch (err) {
      log.warn({ err: { message: (err as Error).message } }, 'SQLite 清理失败 (sweep failed)');
    }
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
  timer.unref();
  return {
    kind: 'sqlite',
    where: settings.sqlitePath,
    storage,
    turnLock: localTurnLock(),
    turnLog: settings.turnLog ? turnLog : undefined,
    ready: async () => true,
    close: async () => {
      clearInterval(timer);
      if (!db.open) return;
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
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
    turnLock: new RedisTurnLock(redis, { prefix, ttlMs: settings.lockTtlMs, log }),
    turnLog: settings.turnLog ? new RedisTurnLog(redis, prefix, settings.turnLogMax) : undefined,
    ready: (timeoutMs) => waitUntilReady(redis, timeoutMs),
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
