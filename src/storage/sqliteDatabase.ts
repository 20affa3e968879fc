// The embedded store: one SQLite file (WAL) holding conversation state and the turn log.
// Created with its folder on first use; opened read-only by the report command.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StorageUnavailableError } from './errors.js';

export type SqliteDatabase = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS state (
  key TEXT PRIMARY KEY,
  etag TEXT NOT NULL,
  doc TEXT NOT NULL,
  touched INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS state_touched ON state (touched);
CREATE TABLE IF NOT EXISTS turn_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  channel TEXT NOT NULL,
  user_hash TEXT NOT NULL,
  conversation_hash TEXT NOT NULL,
  turn INTEGER,
  intent TEXT NOT NULL,
  confidence REAL NOT NULL,
  fallback INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  question TEXT NOT NULL,
  feedback TEXT
);
CREATE INDEX IF NOT EXISTS turn_log_at ON turn_log (at);
CREATE TABLE IF NOT EXISTS claims (
  owner TEXT NOT NULL,
  id TEXT NOT NULL,
  value TEXT NOT NULL,
  expires INTEGER NOT NULL,
  PRIMARY KEY (owner, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claims_expires ON claims (expires);
`;

export function openSqlite(path: string, options: { readonly?: boolean } = {}): SqliteDatabase {
  try {
    if (options.readonly) return new Database(path, { readonly: true, fileMustExist: true });
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a commit survives a process crash (kill -9); only a power loss may drop
    // the last transactions.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 2000');
    db.exec(SCHEMA);
    migrate(db);
    return db;
  } catch (err) {
    throw new StorageUnavailableError(
      `无法打开 SQLite 数据库 ${path} (cannot open the SQLite database): ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/** Files written before a column existed gain it (CREATE TABLE IF NOT EXISTS leaves them as they were). */
function migrate(db: SqliteDatabase): void {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(turn_log)').all();
  if (!columns.some((c) => c.name === 'feedback')) db.exec('ALTER TABLE turn_log ADD COLUMN feedback TEXT');
}

/** Run a database call; I/O-level failures become StorageUnavailableError. */
export function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const closed = err instanceof TypeError && /not open/i.test(err.message);
    if (closed || (typeof code === 'string' && code.startsWith('SQLITE_') && code !== 'SQLITE_CONSTRAINT')) {
      throw new StorageUnavailableError(`SQLite: ${(err as Error).message}`, { cause: err });
    }
    throw err;
  }
}
