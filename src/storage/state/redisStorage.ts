// botbuilder Storage on Redis, shared by every instance: one hash per record (eTag, JSON
// document, last write), eTag compare-and-set in a Lua script, idle expiry by PEXPIRE (and
// checked on read against the injected clock, so the contract matches the SQLite store).
import type { Storage, StoreItems } from 'botbuilder-core';
import { eTagConflict } from '../errors.js';
import { type StorageLogger, silentLogger } from '../logger.js';
import { type RedisClient, redisCall } from '../redisClient.js';
import { checksETag, documentOf, logCorrupt, newETag, parseDocument } from './records.js';

/** KEYS[1] record; ARGV expected eTag ('' = none), new eTag, document, now, ttl ms (0 = none). */
const WRITE_SCRIPT = `
local kind = redis.call('TYPE', KEYS[1]).ok
if kind ~= 'none' and kind ~= 'hash' then redis.call('DEL', KEYS[1]) end
local ttl = tonumber(ARGV[5])
if ARGV[1] ~= '' then
  local cur = redis.call('HMGET', KEYS[1], 'e', 't')
  local live = cur[1] and (ttl == 0 or tonumber(cur[2] or '0') + ttl > tonumber(ARGV[4]))
  if live and cur[1] ~= ARGV[1] then return 0 end
end
redis.call('HSET', KEYS[1], 'e', ARGV[2], 'd', ARGV[3], 't', ARGV[4])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) else redis.call('PERSIST', KEYS[1]) end
return 1
`;

type WriteCommand = (key: string, ...args: string[]) => Promise<number>;

export interface RedisStorageOptions {
  /** Prefix of every key of this deployment, e.g. 'yidi:'. */
  prefix: string;
  ttlMs: number;
  now?: () => number;
  log?: StorageLogger;
}

export class RedisStorage implements Storage {
  private readonly now: () => number;
  private readonly log: StorageLogger;
  private readonly writeRecord: WriteCommand;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RedisStorageOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLogger;
    if (!('yidiWriteRecord' in redis)) {
      redis.defineCommand('yidiWriteRecord', { numberOfKeys: 1, lua: WRITE_SCRIPT });
    }
    const command = (redis as unknown as { yidiWriteRecord: WriteCommand }).yidiWriteRecord;
    this.writeRecord = command.bind(redis);
  }

  private keyOf(key: string): string {
    return `${this.options.prefix}state:${key}`;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const now = this.now();
    const rows = await Promise.all(keys.map((key) => this.readOne(key)));
    const items: StoreItems = {};
    for (const [i, key] of keys.entries()) {
      const row = rows[i];
      if (!row) continue;
      const [eTag, doc, touched] = row;
      if (eTag == null || doc == null) continue;
      if (this.options.ttlMs > 0 && Number(touched) + this.options.ttlMs <= now) continue;
      const item = parseDocument(doc, eTag);
      if (item) items[key] = item;
      else await this.dropCorrupt(key);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const now = String(this.now());
    const ttl = String(this.options.ttlMs);
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const eTag: string | undefined = item?.eTag;
        const expected = checksETag(eTag) ? eTag : '';
        const doc = documentOf(item ?? {});
        const ok = await redisCall(() =>
          this.writeRecord(this.keyOf(key), expected, newETag(), doc, now, ttl),
        );
        if (ok !== 1) throw eTagConflict(key);
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await redisCall(() => Promise.all(keys.map((key) => this.redis.del(this.keyOf(key)))));
  }

  /** [eTag, document, touched], or undefined for a record of the wrong type (corrupt). */
  private async readOne(key: string): Promise<(string | null)[] | undefined> {
    try {
      return await redisCall(() => this.redis.hmget(this.keyOf(key), 'e', 'd', 't'));
    } catch (err) {
      if (!/WRONGTYPE/.test((err as Error).message)) throw err;
      await this.dropCorrupt(key);
      return undefined;
    }
  }

  private async dropCorrupt(key: string): Promise<void> {
    logCorrupt(this.log, 'redis', key);
    await redisCall(() => this.redis.del(this.keyOf(key)));
  }
}
