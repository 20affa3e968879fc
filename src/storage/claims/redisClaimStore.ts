// Claims in Redis: a claim is SET NX PX (the value of the live key when it is taken), every
// key carries its own PEXPIRE. An owner's keys are listed in an index set (expiring with the
// longest of them) and share its hash tag {owner}, so deleting them all is one script on one
// cluster slot.
import { type RedisClient, redisCall } from '../redisClient.js';
import type { ClaimKey, ClaimStore } from './claimStore.js';

/** KEYS[1] record, KEYS[2] owner index (KEYS[1] again = no owner); ARGV value, ttl ms. */
const CLAIM_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  if KEYS[2] ~= KEYS[1] then
    redis.call('SADD', KEYS[2], KEYS[1])
    if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
  end
  return false
end
return redis.call('GET', KEYS[1])
`;

const SET_SCRIPT = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if KEYS[2] ~= KEYS[1] then
  redis.call('SADD', KEYS[2], KEYS[1])
  if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
end
return 1
`;

/** KEYS[1] owner index: delete every key it lists, and itself; returns how many existed. */
const DELETE_OWNER_SCRIPT = `
local n = 0
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do n = n + redis.call('DEL', key) end
redis.call('DEL', KEYS[1])
return n
`;

type Script = (record: string, index: string, ...args: string[]) => Promise<unknown>;
type OwnerScript = (index: string) => Promise<number>;

export class RedisClaimStore implements ClaimStore {
  private readonly claimScript: Script;
  private readonly setScript: Script;
  private readonly deleteOwnerScript: OwnerScript;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    const define = (name: string, keys: number, lua: string) => {
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: keys, lua });
      return (redis as unknown as Record<string, (...a: string[]) => Promise<unknown>>)[name]?.bind(redis);
    };
    this.claimScript = define('yidiClaim', 2, CLAIM_SCRIPT) as Script;
    this.setScript = define('yidiClaimSet', 2, SET_SCRIPT) as Script;
    this.deleteOwnerScript = define('yidiClaimDeleteOwner', 1, DELETE_OWNER_SCRIPT) as OwnerScript;
  }

  /** The record's Redis key; an owner's keys share the hash tag of its index. */
  keyOf(key: ClaimKey): string {
    return key.owner ? `${this.prefix}claim:{${key.owner}}:${key.id}` : `${this.prefix}claim:${key.id}`;
  }

  /** The owner's index; without an owner the record's own key (one slot, and the scripts skip it). */
  private indexOf(key: ClaimKey): string {
    return key.owner ? `${this.prefix}claims:{${key.owner}}` : this.keyOf(key);
  }

  async claim(key: ClaimKey, value: string, ttlMs: number): Promise<string | undefined> {
    const taken = await redisCall(() =>
      this.claimScript(this.keyOf(key), this.indexOf(key), value, String(Math.max(1, Math.ceil(ttlMs)))),
    );
    return typeof taken === 'string' ? taken : undefined;
  }

  async set(key: ClaimKey, value: string, ttlMs: number): Promise<void> {
    await redisCall(() =>
      this.setScript(this.keyOf(key), this.indexOf(key), value, String(Math.max(1, Math.ceil(ttlMs)))),
    );
  }

  async get(key: ClaimKey): Promise<string | undefined> {
    return (await redisCall(() => this.redis.get(this.keyOf(key)))) ?? undefined;
  }

  async delete(key: ClaimKey): Promise<void> {
    await redisCall(() => this.redis.del(this.keyOf(key)));
  }

  async deleteOwner(owner: string): Promise<number> {
    return Number(await redisCall(() => this.deleteOwnerScript(this.indexOf({ owner, id: '' }))));
  }
}
