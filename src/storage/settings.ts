// The storage settings as the stores take them, from the validated config (src/config.ts
// holds every default and the production rule for USER_HASH_SALT).
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import type { RedisMode } from './redisClient.js';

export type StorageKind = 'sqlite' | 'memory' | 'redis';

export interface StorageSettings {
  kind: StorageKind;
  sqlitePath: string;
  redis?: { url: string; mode: RedisMode; sentinelName?: string };
  keyPrefix: string;
  /** Idle records expire after this long; 0 = never. */
  ttlMs: number;
  lockTtlMs: number;
  turnLog: boolean;
  turnLogMax: number;
  userHashSalt: string;
}

export function storageSettings(config: Config, cwd = process.cwd()): StorageSettings {
  return {
    kind: config.STORAGE,
    sqlitePath: resolve(cwd, config.SQLITE_PATH),
    redis: config.REDIS_URL
      ? { url: config.REDIS_URL, mode: config.REDIS_MODE, sentinelName: config.REDIS_SENTINEL_NAME }
      : undefined,
    keyPrefix: config.REDIS_KEY_PREFIX,
    ttlMs: ttlMsOf(config.STATE_TTL_DAYS),
    lockTtlMs: config.LOCK_TTL_MS,
    turnLog: config.TURN_LOG === 'on',
    turnLogMax: config.TURN_LOG_MAX,
    userHashSalt: config.USER_HASH_SALT,
  };
}

/** Milliseconds in a TTL given in days; 0 means records never expire. */
export const ttlMsOf = (days: number): number => Math.round(days * 86_400_000);
