// The per-conversation turn lock shared by instances: two clients stand for two instances.
// One conversation's turns never overlap; other conversations are not held up; a dead
// holder's lock frees itself; only the holder's token releases it; Redis down → turns run.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTurnLock } from '../../src/storage/lock/redisTurnLock.js';
import { createRedisClient } from '../../src/storage/redisClient.js';
import { freePort } from '../../tools/harness/freePort.js';
import { type LocalRedis, startLocalRedis } from '../../tools/harness/localRedis.js';
import { redisAvailable } from '../helpers/services.js';

const redisPresent = redisAvailable();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(redisPresent)('RedisTurnLock', () => {
  let server: LocalRedis;
  let a: Redis;
  let b: Redis;
  let prefixes = 0;
  const lockPair = (options: { ttlMs?: number; waitMs?: number } = {}) => {
    const prefix = `lock${++prefixes}:`;
    const settings = { prefix, ttlMs: options.ttlMs ?? 5000, waitMs: options.waitMs };
    return { prefix, one: new RedisTurnLock(a, settings), two: new RedisTurnLock(b, settings) };
  };

  beforeAll(async () => {
    server = await startLocalRedis();
    a = new Redis(server.port, '127.0.0.1');
    b = new Redis(server.port, '127.0.0.1');
  });

  afterAll(async () => {
    a?.disconnect();
    b?.disconnect();
    await server?.stop();
  });

  it('40 turns of one conversation from two instances never overlap, and all run', async () => {
    const { one, two } = lockPair();
    let inside = 0;
    let most = 0;
    const done: number[] = [];
    const turn = (i: number) => async () => {
      inside++;
      most = Math.max(most, inside);
      await sleep(2);
      inside--;
      done.push(i);
      return i;
    };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? one : two).run('api:alice', turn(i))),
    );
    expect(most).toBe(1);
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(new Set(done).size).toBe(40);
  });

  it('turns of one instance keep their order', async () => {
    const { one } = lockPair();
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        one.run('api:bob', async () => {
          order.push(i);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('different conversations run at the same time', async () => {
    const { one, two } = lockPair();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Carol's turn waits until Dave's turn has run: serializing them would deadlock.
    const carol = one.run('api:carol', () => gate);
    const dave = two.run('api:dave', async () => release());
    await expect(Promise.all([carol, dave])).resolves.toBeDefined();
  });

  it('the lock is released after the turn (also when the turn throws)', async () => {
    const { prefix, one } = lockPair();
    await one.run('api:erin', async () => {
      expect(await a.get(`${prefix}lock:api:erin`)).toEqual(expect.any(String));
    });
    await expect(one.run('api:erin', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await a.exists(`${prefix}lock:api:erin`)).toBe(0);
  });

  it('the lock of a crashed instance frees itself after its TTL', async () => {
    const { prefix, one } = lockPair();
    await a.set(`${prefix}lock:api:frank`, 'crashed-instance', 'PX', 400);
    const started = Date.now();
    await one.run('api:frank', async () => {});
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("releasing never frees another holder's lock", async () => {
    const { prefix, one } = lockPair();
    await one.run('api:grace', async () => {
      // Our lock expired mid-turn and another instance took it.
      await a.set(`${prefix}lock:api:grace`, 'other-instance', 'PX', 5000);
    });
    expect(await a.get(`${prefix}lock:api:grace`)).toBe('other-instance');
  });

  it('a lock held too long: the turn runs after the longest wait', async () => {
    const { prefix, one } = lockPair({ waitMs: 300 });
    await a.set(`${prefix}lock:api:heidi`, 'stuck', 'PX', 60000);
    const started = Date.now();
    await expect(one.run('api:heidi', async () => 'ran')).resolves.toBe('ran');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('Redis unreachable: turns still run, one at a time per conversation in this instance', async () => {
    const port = await freePort();
    const down = createRedisClient({ url: `redis://127.0.0.1:${port}`, mode: 'standalone' });
    down.on('error', () => {});
    try {
      const lock = new RedisTurnLock(down, { prefix: 'down:', ttlMs: 5000 });
      let inside = 0;
      let most = 0;
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          lock.run('api:ivan', async () => {
            inside++;
            most = Math.max(most, inside);
            await sleep(2);
            inside--;
            return i;
          }),
        ),
      );
      expect(results).toEqual([0, 1, 2, 3, 4]);
      expect(most).toBe(1);
    } finally {
      down.disconnect();
    }
  });
});
