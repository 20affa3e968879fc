// The storage settings with their defaults, from the validated config. The one place that
// knows STORAGE defaults to sqlite (memory under NODE_ENV=test) and where the file lives.
import { resolve } from 'node:path';
import { type Config, ConfigError } from '../config.js';
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

/** Used outside production only: hashes stay stable between restarts of a development box. */
export const DEVELOPMENT_SALT = 'yidi-development-salt-not-secret';

export function storageSettings(config: Config, cwd = process.cwd()): StorageSettings {
  const kind: StorageKind = config.STORAGE ?? (config.NODE_ENV === 'test' ? 'memory' : 'sqlite');
  const turnLog = (config.TURN_LOG ?? 'on') === 'on';
  // Every storage, lock and dedupe key is an HMAC with this salt: a known salt would let
  // anyone who reads the store test guessed phone numbers against its keys.
  if (config.NODE_ENV === 'production' && !config.USER_HASH_SALT) {
    throw new ConfigError(
      '配置错误，服务未启动 (invalid configuration, not starting):\n' +
        '  - USER_HASH_SALT: 生产环境必须设置（至少 16 个字符的随机串，存储键和对话日志都用它加盐）/ ' +
        'is required in production (a random string of 16+ characters: it salts every storage key and the turn log)',
    );
  }
  const stateDir = resolve(cwd, config.STATE_DIR ?? 'data');
  return {
    kind,
    sqlitePath: config.SQLITE_PATH ? resolve(cwd, config.SQLITE_PATH) : resolve(stateDir, 'yidi.sqlite'),
    redis: config.REDIS_URL
      ? {
          url: config.REDIS_URL,
          mode: config.REDIS_MODE ?? 'standalone',
          sentinelName: config.REDIS_SENTINEL_NAME,
        }
      : undefined,
    keyPrefix: config.REDIS_KEY_PREFIX ?? 'yidi:',
    ttlMs: ttlMsOf(config.STATE_TTL_DAYS ?? 30),
    lockTtlMs: config.LOCK_TTL_MS ?? 30_000,
    turnLog,
    turnLogMax: config.TURN_LOG_MAX ?? 100_000,
    userHashSalt: config.USER_HASH_SALT ?? DEVELOPMENT_SALT,
  };
}

/** Milliseconds in a TTL given in days; 0 means records never expire. */
export const ttlMsOf = (days: number): number => Math.round(days * 86_400_000);
