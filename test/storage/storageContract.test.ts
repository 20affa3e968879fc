// One Storage contract, run against botbuilder's MemoryStorage (the reference), the SQLite
// store and the Redis store alike: eTag semantics, delete, idle expiry with an injected
// clock, and corrupt records that restart one conversation without touching the others.
import { MemoryStorage, type Storage } from 'botbuilder-core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDatabase } from '../../src/storage/sqliteDatabase.js';
import { RedisStorage } from '../../src/storage/state/redisStorage.js';
import { SqliteStorage } from '../../src/storage/state/sqliteStorage.js';
import { type LocalRedis, startLocalRedis } from '../../tools/harness/localRedis.js';
import { redisAvailable } from '../helpers/services.js';
import { tempDir } from '../helpers/tempDir.js';

const TTL = 60_000;
const redisPresent = redisAvailable();

/** What the logger was told (to check that keys are masked). */
interface Logged {
  level: string;
  obj: object;
  msg: string;
}

interface Subject {
  storage: Storage;
  clock: { now: number };
  logged: Logged[];
  /** Replace a record's stored document with raw text (not JSON). */
  corrupt?(key: string, raw: string): Promise<void>;
  /** Make a record a value of the wrong kind (Redis: a string instead of a hash). */
  wrongType?(key: string): Promise<void>;
  sweep?(): number;
}

interface Kind {
  name: string;
  expires: boolean;
  available: boolean;
  create(): Promise<Subject>;
}

const logger = (logged: Logged[]) => ({
  warn: (obj: object, msg: string) => logged.push({ level: 'warn', obj, msg }),
  error: (obj: object, msg: string) => logged.push({ level: 'error', obj, msg }),
});

let redisServer: LocalRedis | undefined;
let redis: Redis | undefined;
const databases: SqliteDatabase[] = [];
let prefixes = 0;
const dir = tempDir('yidi-contract-');

beforeAll(async () => {
  if (!redisPresent) return;
  redisServer = await startLocalRedis();
  redis = new Redis(redisServer.port, '127.0.0.1');
});

afterAll(async () => {
  for (const db of databases) db.close();
  redis?.disconnect();
  await redisServer?.stop();
  dir.remove();
});

const kinds: Kind[] = [
  {
    name: 'MemoryStorage (botbuilder reference)',
    expires: false,
    available: true,
    create: async () => ({ storage: new MemoryStorage(), clock: { now: 0 }, logged: [] }),
  },
  {
    name: 'SqliteStorage',
    expires: true,
    available: true,
    create: async () => {
      const db = openSqlite(dir.file(`state-${++prefixes}.sqlite`));
      databases.push(db);
      const clock = { now: 1_000_000 };
      const logged: Logged[] = [];
      const storage = new SqliteStorage(db, { ttlMs: TTL, now: () => clock.now, log: logger(logged) });
      return {
        storage,
        clock,
        logged,
        corrupt: async (key, raw) => {
          db.prepare('UPDATE state SET doc = ? WHERE key = ?').run(raw, key);
        },
        sweep: () => storage.sweep(),
      };
    },
  },
  {
    name: 'RedisStorage',
    expires: true,
    available: redisPresent,
    create: async () => {
      const client = redis as Redis;
      const prefix = `contract${++prefixes}:`;
      const clock = { now: 1_000_000 };
      const logged: Logged[] = [];
      const storage = new RedisStorage(client, {
        prefix,
        ttlMs: TTL,
        now: () => clock.now,
        log: logger(logged),
      });
      return {
        storage,
        clock,
        logged,
        corrupt: async (key, raw) => {
          await client.hset(`${prefix}state:${key}`, 'd', raw);
        },
        wrongType: async (key) => {
          await client.set(`${prefix}state:${key}`, 'not a hash');
        },
      };
    },
  },
];

describe.each(kinds.filter((k) => k.available))('$name keeps the botbuilder Storage contract', (kind) => {
  let s: Subject;
  beforeAll(async () => {
    s = await kind.create();
  });
  let n = 0;
  const key = () => `test/conversations/u${++n}-${kind.name.length}/`;

  it('reading a missing key returns no item', async () => {
    expect(await s.storage.read([key()])).toEqual({});
  });

  it('a written item reads back with its fields and a string eTag', async () => {
    const k = key();
    await s.storage.write({ [k]: { memory: { facts: { insuredRegion: 'jiangmen' } }, turnCount: 2 } });
    const read = await s.storage.read([k]);
    expect(read[k]).toMatchObject({ memory: { facts: { insuredRegion: 'jiangmen' } }, turnCount: 2 });
    expect(read[k].eTag).toEqual(expect.any(String));
  });

  it('reading several keys returns only those that exist', async () => {
    const [a, b, c] = [key(), key(), key()];
    await s.storage.write({ [a]: { v: 'a' }, [c]: { v: 'c' } });
    const read = await s.storage.read([a, b, c]);
    expect(Object.keys(read).sort()).toEqual([a, c].sort());
  });

  it('every write gives the item a fresh eTag', async () => {
    const k = key();
    await s.storage.write({ [k]: { v: 1 } });
    const first = (await s.storage.read([k]))[k].eTag;
    await s.storage.write({ [k]: { v: 2, eTag: '*' } });
    const second = (await s.storage.read([k]))[k].eTag;
    expect(second).not.toBe(first);
  });

  it('a write with the current eTag succeeds; one with a stale eTag is rejected and changes nothing', async () => {
    const k = key();
    await s.storage.write({ [k]: { v: 1 } });
    const stale = (await s.storage.read([k]))[k];
    await s.storage.write({ [k]: { ...stale, v: 2 } });
    await expect(s.storage.write({ [k]: { ...stale, v: 3 } })).rejects.toThrow(/eTag conflict/);
    expect((await s.storage.read([k]))[k].v).toBe(2);
  });

  it('of two writers holding the same eTag only one wins', async () => {
    const k = key();
    await s.storage.write({ [k]: { v: 0 } });
    const read = (await s.storage.read([k]))[k];
    const results = await Promise.allSettled([
      s.storage.write({ [k]: { ...read, v: 'A' } }),
      s.storage.write({ [k]: { ...read, v: 'B' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it.each([
    ['"*"', '*'],
    ['no eTag', undefined],
    ['an empty eTag', ''],
  ])('a write with %s overwrites whatever is stored', async (_name, eTag) => {
    const k = key();
    await s.storage.write({ [k]: { v: 1 } });
    await s.storage.write({ [k]: { v: 2 } });
    await s.storage.write({ [k]: { v: 3, eTag } });
    expect((await s.storage.read([k]))[k].v).toBe(3);
  });

  it('a write with an eTag to a key that does not exist creates it', async () => {
    const k = key();
    await s.storage.write({ [k]: { v: 1, eTag: 'made-up' } });
    expect((await s.storage.read([k]))[k].v).toBe(1);
  });

  it('delete removes the item; deleting a missing key is fine', async () => {
    const k = key();
    await s.storage.write({ [k]: { v: 1 } });
    await s.storage.delete([k, key()]);
    expect(await s.storage.read([k])).toEqual({});
  });

  it('keys with Chinese, slashes, colons and phone numbers round-trip', async () => {
    const k = 'wechat/conversations/微信:13812345678/';
    await s.storage.write({ [k]: { text: '异地就医备案 “引号” \\ 反斜杠 \u0000 null' } });
    expect((await s.storage.read([k]))[k].text).toBe('异地就医备案 “引号” \\ 反斜杠 \u0000 null');
  });

  it.runIf(kind.expires)('an item idle for the TTL is gone; one written again lives on', async () => {
    const [idle, busy] = [key(), key()];
    await s.storage.write({ [idle]: { v: 'idle' }, [busy]: { v: 'busy' } });
    s.clock.now += TTL / 2;
    await s.storage.write({ [busy]: { v: 'busy again' } });
    s.clock.now += TTL / 2 - 1;
    expect(Object.keys(await s.storage.read([idle, busy])).sort()).toEqual([busy, idle].sort());
    s.clock.now += 1;
    expect(Object.keys(await s.storage.read([idle, busy]))).toEqual([busy]);
    s.clock.now += TTL;
    expect(await s.storage.read([busy])).toEqual({});
  });

  it.runIf(kind.expires)('an expired item does not block a write with its old eTag', async () => {
    const k = key();
    await s.storage.write({ [k]: { v: 1 } });
    s.clock.now += TTL;
    await s.storage.write({ [k]: { v: 2, eTag: 'from-long-ago' } });
    expect((await s.storage.read([k]))[k].v).toBe(2);
  });

  it.runIf(kind.name === 'SqliteStorage')('the sweep deletes every idle record', async () => {
    const k = key();
    await s.storage.write({ [k]: { v: 1 } });
    s.clock.now += TTL;
    expect(s.sweep?.()).toBeGreaterThanOrEqual(1);
    s.clock.now -= TTL;
    expect(await s.storage.read([k])).toEqual({});
  });

  it.runIf(kind.expires).each([
    ['bad JSON', '{"dialogState": {"dialogStack": ['],
    ['a JSON array', '[1,2,3]'],
    ['a JSON number', '42'],
    ['an empty document', ''],
  ])(
    'a record holding %s is logged (masked) and dropped; other records are untouched',
    async (_name, raw) => {
      const broken = `api/conversations/api:13812345678-${++n}/`;
      const fine = key();
      await s.storage.write({ [broken]: { v: 'x' }, [fine]: { v: 'fine' } });
      s.logged.length = 0;
      await s.corrupt?.(broken, raw);
      const read = await s.storage.read([broken, fine]);
      expect(Object.keys(read)).toEqual([fine]);
      expect(read[fine].v).toBe('fine');
      expect(s.logged).toHaveLength(1);
      const line = JSON.stringify(s.logged[0]);
      expect(line).toContain('[手机号]');
      expect(line).not.toContain('13812345678');
      expect(await s.storage.read([broken])).toEqual({});
      await s.storage.write({ [broken]: { v: 'fresh start' } });
      expect((await s.storage.read([broken]))[broken].v).toBe('fresh start');
    },
  );

  it.runIf(kind.name === 'RedisStorage')(
    'a key of the wrong Redis type is dropped on read and repaired on write',
    async () => {
      const [a, b] = [key(), key()];
      await s.wrongType?.(a);
      await s.wrongType?.(b);
      expect(await s.storage.read([a])).toEqual({});
      await s.storage.write({ [b]: { v: 'repaired' } });
      expect((await s.storage.read([b]))[b].v).toBe('repaired');
    },
  );
});

describe.runIf(redisPresent)('RedisStorage in Redis', () => {
  it('records carry a real expiry of the TTL, and live under the prefix', async () => {
    const client = redis as Redis;
    const storage = new RedisStorage(client, { prefix: 'ttlcheck:', ttlMs: TTL });
    await storage.write({ k: { v: 1 } });
    const pttl = await client.pttl('ttlcheck:state:k');
    expect(pttl).toBeGreaterThan(TTL - 5000);
    expect(pttl).toBeLessThanOrEqual(TTL);
  });

  it('a TTL of 0 keeps records forever', async () => {
    const client = redis as Redis;
    const storage = new RedisStorage(client, { prefix: 'forever:', ttlMs: 0 });
    await storage.write({ k: { v: 1 } });
    expect(await client.pttl('forever:state:k')).toBe(-1);
  });
});
