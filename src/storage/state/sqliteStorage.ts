// botbuilder Storage on SQLite: prepared statements, eTag compare-and-set in a transaction,
// idle records expire after the TTL (on read, and by a periodic sweep).
import type { Storage, StoreItems } from 'botbuilder-core';
import { eTagConflict } from '../errors.js';
import { type StorageLogger, silentLogger } from '../logger.js';
import { guarded, type SqliteDatabase } from '../sqliteDatabase.js';
import { checksETag, documentOf, logCorrupt, newETag, parseDocument } from './records.js';

export interface SqliteStorageOptions {
  /** Idle time after which a record is gone; 0 keeps records forever. */
  ttlMs: number;
  now?: () => number;
  log?: StorageLogger;
}

interface Row {
  etag: string;
  doc: string;
  touched: number;
}

export class SqliteStorage implements Storage {
  private readonly now: () => number;
  private readonly log: StorageLogger;
  private readonly select;
  private readonly upsert;
  private readonly remove;
  private readonly expire;
  private readonly writeAll;

  constructor(
    db: SqliteDatabase,
    private readonly options: SqliteStorageOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLogger;
    this.select = db.prepare<[string], Row>('SELECT etag, doc, touched FROM state WHERE key = ?');
    this.upsert = db.prepare<[string, string, string, number]>(
      `INSERT INTO state (key, etag, doc, touched) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, doc = excluded.doc, touched = excluded.touched`,
    );
    this.remove = db.prepare<[string]>('DELETE FROM state WHERE key = ?');
    this.expire = db.prepare<[number]>('DELETE FROM state WHERE touched <= ?');
    this.writeAll = db.transaction((changes: StoreItems, now: number) => {
      for (const [key, item] of Object.entries(changes)) {
        if (checksETag(item?.eTag)) {
          const current = this.live(key, now);
          if (current && current.etag !== item.eTag) throw eTagConflict(key);
        }
        this.upsert.run(key, newETag(), documentOf(item ?? {}), now);
      }
    });
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const now = this.now();
    const items: StoreItems = {};
    guarded(() => {
      for (const key of keys) {
        const row = this.live(key, now);
        if (!row) continue;
        const item = parseDocument(row.doc, row.etag);
        if (item) items[key] = item;
        else {
          logCorrupt(this.log, 'sqlite', key);
          this.remove.run(key);
        }
      }
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    guarded(() => this.writeAll(changes, this.now()));
  }

  async delete(keys: string[]): Promise<void> {
    guarded(() => {
      for (const key of keys) this.remove.run(key);
    });
  }

  /** Delete every record idle for longer than the TTL; returns how many. */
  sweep(): number {
    if (this.options.ttlMs <= 0) return 0;
    return guarded(() => this.expire.run(this.now() - this.options.ttlMs).changes);
  }

  /** The row, unless it has expired (then it is deleted). */
  private live(key: string, now: number): Row | undefined {
    const row = this.select.get(key);
    if (!row) return undefined;
    if (this.options.ttlMs > 0 && row.touched + this.options.ttlMs <= now) {
      this.remove.run(key);
      return undefined;
    }
    return row;
  }
}
