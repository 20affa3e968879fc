// A per-conversation lock shared by every instance: SET key token NX PX ttl, retried with
// jittered backoff, released by a Lua compare-and-delete (only the holder's token frees it).
// Turns of one conversation queue locally first, so an instance never races itself.
// The lock TTL must exceed the longest turn; a crashed holder's lock frees itself at expiry.
// When Redis is unreachable the turn runs under the local lock only (the bot then answers
// without state anyway); after `waitMs` of contention it runs anyway and logs a warning.
import { randomUUID } from 'node:crypto';
import { maskKey, type StorageLogger, silentLogger } from '../logger.js';
import type { RedisClient } from '../redisClient.js';
import { redisCall } from '../redisClient.js';
import { KeyedLock } from './keyedLock.js';
import type { TurnLock } from './turnLock.js';

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type ReleaseCommand = (key: string, token: string) => Promise<number>;

export interface RedisTurnLockOptions {
  prefix: string;
  /** Lock lifetime; longer than any turn. */
  ttlMs: number;
  /** Longest wait for a busy lock before running anyway (default: the lock TTL). */
  waitMs?: number;
  log?: StorageLogger;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RedisTurnLock implements TurnLock {
  private readonly local = new KeyedLock();
  private readonly release: ReleaseCommand;
  private readonly log: StorageLogger;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RedisTurnLockOptions,
  ) {
    this.log = options.log ?? silentLogger;
    if (!('yidiReleaseLock' in redis)) {
      redis.defineCommand('yidiReleaseLock', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
    }
    this.release = (redis as unknown as { yidiReleaseLock: ReleaseCommand }).yidiReleaseLock.bind(redis);
  }

  /** The Redis key of a conversation's lock. */
  keyOf(key: string): string {
    return `${this.options.prefix}lock:${key}`;
  }

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const token = await this.acquire(key);
      try {
        return await work();
      } finally {
        if (token) await redisCall(() => this.release(this.keyOf(key), token)).catch(() => undefined);
      }
    });
  }

  /** The token of the held lock, or undefined when the turn runs without it. */
  private async acquire(key: string): Promise<string | undefined> {
    const token = randomUUID();
    const deadline = Date.now() + (this.options.waitMs ?? this.options.ttlMs);
    for (let attempt = 0; ; attempt++) {
      let result: string | null;
      try {
        result = await redisCall(() =>
          this.redis.set(this.keyOf(key), token, 'PX', this.options.ttlMs, 'NX'),
        );
      } catch {
        return undefined; // Redis away: local serialization only; the store reports the outage.
      }
      if (result === 'OK') return token;
      if (Date.now() >= deadline) {
        this.log.warn(
          { key: maskKey(key) },
          '对话锁等待超时，本轮不加锁处理 (turn lock wait timed out; running without it)',
        );
        return undefined;
      }
      const backoff = Math.min(2 ** attempt, 50);
      await sleep(backoff / 2 + Math.random() * backoff);
    }
  }
}
