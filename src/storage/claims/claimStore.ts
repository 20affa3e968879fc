// Short-lived records claimed atomically and gone by themselves: WeChat's replay records
// (one signed URL, one body), its message dedupe (one MsgId, one turn, one reply) and the
// staff sessions that ended at logout. Every record expires at the storage level (Redis
// PEXPIRE; SQLite an expiry column swept at start and periodically), so nothing outlives its
// purpose even after a crash. Records of a user are filed under that user's key (`owner`,
// a salted hash), so a user who leaves takes all of them along (deleteOwner).

/** A record's name: its owner (a user's hashed key, or none) and its id within the owner. */
export interface ClaimKey {
  owner?: string;
  id: string;
}

export interface ClaimStore {
  /**
   * Create the record holding `value` for `ttlMs` unless a live one exists — atomically, across
   * every instance sharing the store. Returns undefined when this call created it, else the
   * live record's value.
   */
  claim(key: ClaimKey, value: string, ttlMs: number): Promise<string | undefined>;
  /** Create or replace the record. */
  set(key: ClaimKey, value: string, ttlMs: number): Promise<void>;
  /** The live record's value. */
  get(key: ClaimKey): Promise<string | undefined>;
  delete(key: ClaimKey): Promise<void>;
  /** Delete every record of an owner; returns how many there were. */
  deleteOwner(owner: string): Promise<number>;
}

interface MemoryRecord {
  owner: string;
  value: string;
  expires: number;
}

const memoryKey = (key: ClaimKey) => `${key.owner ?? ''}\u0000${key.id}`;

/** For tests, STORAGE=memory and as the per-instance fallback while the shared store is away. */
export class MemoryClaimStore implements ClaimStore {
  private readonly records = new Map<string, MemoryRecord>();

  constructor(
    private readonly now: () => number = Date.now,
    /** Most records kept; past it the oldest go first (an outage must not grow memory forever). */
    private readonly maxRecords = 100_000,
  ) {}

  get size(): number {
    return this.records.size;
  }

  async claim(key: ClaimKey, value: string, ttlMs: number): Promise<string | undefined> {
    const live = this.live(memoryKey(key));
    if (live) return live.value;
    this.put(key, value, ttlMs);
    return undefined;
  }

  async set(key: ClaimKey, value: string, ttlMs: number): Promise<void> {
    this.put(key, value, ttlMs);
  }

  async get(key: ClaimKey): Promise<string | undefined> {
    return this.live(memoryKey(key))?.value;
  }

  async delete(key: ClaimKey): Promise<void> {
    this.records.delete(memoryKey(key));
  }

  async deleteOwner(owner: string): Promise<number> {
    let n = 0;
    for (const [k, record] of this.records) {
      if (record.owner !== owner) continue;
      this.records.delete(k);
      n += 1;
    }
    return n;
  }

  private put(key: ClaimKey, value: string, ttlMs: number): void {
    const k = memoryKey(key);
    this.records.delete(k); // re-inserted at the end: the map stays ordered by write
    this.records.set(k, { owner: key.owner ?? '', value, expires: this.now() + ttlMs });
    this.evict();
  }

  private live(k: string): MemoryRecord | undefined {
    const record = this.records.get(k);
    if (!record) return undefined;
    if (record.expires > this.now()) return record;
    this.records.delete(k);
    return undefined;
  }

  private evict(): void {
    const now = this.now();
    for (const [k, record] of this.records) {
      if (record.expires > now && this.records.size <= this.maxRecords) break;
      this.records.delete(k);
    }
  }
}
