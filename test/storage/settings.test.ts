// Storage settings: validation messages, defaults, the production salt rule, Redis URLs,
// and the clear start-up error when STORAGE=redis has no REDIS_URL.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_SALT, loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/knowledge/paths.js';
import { connectionOptions, parseRedisUrls, redactUrl } from '../../src/storage/redisClient.js';
import { storageSettings } from '../../src/storage/settings.js';
import { compiled } from '../../tools/harness/compiled.js';
import { fastRun } from '../helpers/services.js';

const settingsOf = (env: Record<string, string>) => storageSettings(loadConfig(env), '/srv/yidi');

function configError(env: Record<string, string>): string {
  try {
    storageSettings(loadConfig(env));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(env)}`);
}

describe('storage settings', () => {
  it('defaults: SQLite in ./data, 30 days, turn log on, Redis prefix yidi:', () => {
    expect(settingsOf({})).toEqual({
      kind: 'sqlite',
      sqlitePath: '/srv/yidi/data/yidi.sqlite',
      redis: undefined,
      keyPrefix: 'yidi:',
      ttlMs: 30 * 86_400_000,
      lockTtlMs: 30_000,
      turnLog: true,
      turnLogMax: 100_000,
      userHashSalt: DEVELOPMENT_SALT,
    });
  });

  it.each([
    [{ NODE_ENV: 'test' }, { kind: 'memory' }],
    [{ NODE_ENV: 'test', STORAGE: 'sqlite' }, { kind: 'sqlite' }],
    [{ STATE_DIR: 'state' }, { sqlitePath: '/srv/yidi/state/yidi.sqlite' }],
    [{ STATE_DIR: '/var/lib/yidi', SQLITE_PATH: '/mnt/a.db' }, { sqlitePath: '/mnt/a.db' }],
    [{ STATE_TTL_DAYS: '0.5' }, { ttlMs: 43_200_000 }],
    [{ STATE_TTL_DAYS: '0' }, { ttlMs: 0 }],
    [
      { TURN_LOG: 'off', NODE_ENV: 'production', USER_HASH_SALT: 'a-long-enough-secret-salt' },
      { turnLog: false },
    ],
    [
      { STORAGE: 'redis', REDIS_URL: 'rediss://:pw@r.example:6380/2', REDIS_KEY_PREFIX: 'yidi-test:' },
      {
        kind: 'redis',
        redis: { url: 'rediss://:pw@r.example:6380/2', mode: 'standalone' },
        keyPrefix: 'yidi-test:',
      },
    ],
    [
      { USER_HASH_SALT: 'a-long-enough-secret-salt', NODE_ENV: 'production' },
      { userHashSalt: 'a-long-enough-secret-salt' },
    ],
  ])('%j → %j', (env, expected) => {
    expect(settingsOf(env)).toMatchObject(expected);
  });

  it.each([
    [{ STORAGE: 'redis' }, 'REDIS_URL', /STORAGE=redis 需要 Redis 地址/],
    [{ STORAGE: 'postgres' }, 'STORAGE', /sqlite、memory 或 redis/],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL', /redis:\/\/ 或 rediss:\/\//],
    [{ REDIS_URL: 'redis://a:1, redis://b:2' }, 'REDIS_URL', /redis:\/\//],
    [{ REDIS_MODE: 'sentinel', REDIS_URL: 'redis://s1:26379' }, 'REDIS_SENTINEL_NAME', /sentinel/],
    [{ STATE_TTL_DAYS: '-1' }, 'STATE_TTL_DAYS', /0–3650/],
    [{ STATE_TTL_DAYS: 'forever' }, 'STATE_TTL_DAYS', /天数/],
    [{ TURN_LOG: 'yes' }, 'TURN_LOG', /on 或 off/],
    [{ USER_HASH_SALT: 'short' }, 'USER_HASH_SALT', /16/],
    [{ LOCK_TTL_MS: '10' }, 'LOCK_TTL_MS', /./],
    [{ REDIS_KEY_PREFIX: 'has space' }, 'REDIS_KEY_PREFIX', /1–32/],
    [{ NODE_ENV: 'production' }, 'USER_HASH_SALT', /生产环境必须设置/],
    [{ NODE_ENV: 'production', TURN_LOG: 'off' }, 'USER_HASH_SALT', /存储键/],
  ])('%j is refused, naming %s', (env, name, message) => {
    const text = configError(env);
    expect(text).toContain(`${name}:`);
    expect(text).toMatch(message);
    expect(text).toContain('配置错误');
  });
});

describe('Redis connections', () => {
  it('parses standalone, TLS, password, database and lists of sentinels or cluster nodes', () => {
    expect(parseRedisUrls('rediss://user:p%40ss@cache.example:6380/3')).toEqual([
      { host: 'cache.example', port: 6380, username: 'user', password: 'p@ss', db: 3, tls: true },
    ]);
    expect(parseRedisUrls('redis://:pw@s1:26379,redis://s2:26380')).toEqual([
      { host: 's1', port: 26379, username: undefined, password: 'pw', db: undefined, tls: false },
      { host: 's2', port: 26380, username: undefined, password: undefined, db: undefined, tls: false },
    ]);
    expect(parseRedisUrls('redis://[::1]')).toMatchObject([{ host: '::1', port: 6379 }]);
  });

  it('never queues commands while Redis is away and gives up on a hung command', () => {
    const options = connectionOptions({ url: 'redis://x', mode: 'standalone' });
    expect(options.enableOfflineQueue).toBe(false);
    expect(options.commandTimeout).toBeGreaterThan(0);
    expect(options.commandTimeout).toBeLessThanOrEqual(5000);
    expect(options.retryStrategy?.(1000)).toBe(2000);
  });

  it('passwords are hidden in logs', () => {
    expect(redactUrl('redis://:secret@a:6379,redis://user:secret@b:6379')).toBe(
      'redis://:***@a:6379,redis://user:***@b:6379',
    );
    expect(redactUrl('redis://a:6379')).toBe('redis://a:6379');
  });
});

describe.skipIf(fastRun)('start-up', () => {
  it('STORAGE=redis without REDIS_URL: the server does not start and says why', () => {
    const r = spawnSync(process.execPath, [compiled('src/main.ts')], {
      cwd: projectRoot,
      env: { ...process.env, STORAGE: 'redis', REDIS_URL: '', PORT: '0', HOST: '127.0.0.1' },
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('配置错误，服务未启动');
    expect(r.stderr).toContain('REDIS_URL: STORAGE=redis 需要 Redis 地址');
  });
});
