// Claims in the SQLite file (table `claims`): a claim is one INSERT … ON CONFLICT DO UPDATE
// … WHERE expired, so it is atomic also between two processes on one file. Expired rows are
// ignored on read and deleted by `sweep` (at start and periodically, see openStores).
import { guarded, type SqliteDatabase } from '../sqliteDatabase.js';
import type { ClaimKey, ClaimStore } from './claimStore.js';

/** The row's primary key: owner ('' for none) and id. */
const keyOf = (key: ClaimKey): [string, string] => [key.owner ?? '', key.id];

export class SqliteClaimStore implements ClaimStore {
  private readonly insert;
  private readonly select;
  private readonly upsert;
  private readonly remove;
  private readonly removeOwner;
  private readonly expire;

  constructor(
    db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    // Insert, or take over a row whose time is up; a live row is left as it is (changes = 0).
    this.insert = db.prepare<[string, string, string, number, number]>(
      `INSERT INTO claims (owner, id, value, expires) VALUES (?, ?, ?, ?)
       ON CONFLICT (owner, id) DO UPDATE SET value = excluded.value, expires = excluded.expires
         WHERE claims.expires <= ?`,
    );
    this.select = db.prepare<[string, string, number], { value: string }>(
      'SELECT value FROM claims WHERE owner = ? AND id = ? AND expires > ?',
    );
    this.upsert = db.prepare<[string, string, string, number]>(
      `INSERT INTO claims (owner, id, value, expires) VALUES (?, ?, ?, ?)
       ON CONFLICT (owner, id) DO UPDATE SET value = excluded.value, expires = excluded.expires`,
    );
    this.remove = db.prepare<[string, string]>('DELETE FROM claims WHERE owner = ? AND id = ?');
    this.removeOwner = db.prepare<[string]>('DELETE FROM claims WHERE owner = ?');
    this.expire = db.prepare<[number]>('DELETE FROM claims WHERE expires <= ?');
  }

  async claim(key: ClaimKey, value: string, ttlMs: number): Promise<string | undefined> {
    const now = this.now();
    const k = keyOf(key);
    return guarded(() => {
      if (this.insert.run(...k, value, now + ttlMs, now).changes === 1) return undefined;
      // Lost the race to a live row: its value (should it expire between the two statements,
      // the claim is simply answered as taken).
      return this.select.get(...k, now)?.value ?? value;
    });
  }

  async set(key: ClaimKey, value: string, ttlMs: number): Promise<void> {
    guarded(() => this.upsert.run(...keyOf(key), value, this.now() + ttlMs));
  }

  async get(key: ClaimKey): Promise<string | undefined> {
    return guarded(() => this.select.get(...keyOf(key), this.now())?.value);
  }

  async delete(key: ClaimKey): Promise<void> {
    guarded(() => this.remove.run(...keyOf(key)));
  }

  async deleteOwner(owner: string): Promise<number> {
    return guarded(() => this.removeOwner.run(owner).changes);
  }

  /** Delete every expired row; returns how many. */
  sweep(): number {
    return guarded(() => this.expire.run(this.now()).changes);
  }
}
