// The feedback field of the turn log: a feedback turn keeps its verdict in SQLite (also in a
// file written before the column existed) and plain turns read back without one.
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/storage/sqliteDatabase.js';
import { SqliteTurnLog } from '../../src/storage/turnLog/sqliteTurnLog.js';
import type { TurnRecord } from '../../src/storage/turnLog/turnLog.js';
import { tempDir } from '../helpers/tempDir.js';

const dir = tempDir('yidi-feedback-');
afterAll(() => dir.remove());

const record = (at: number, extra: Partial<TurnRecord> = {}): TurnRecord => ({
  at,
  channel: 'webchat',
  userHash: 'u'.repeat(32),
  conversationHash: 'c'.repeat(32),
  turn: 2,
  intent: 'nat-how-to-file',
  confidence: 0.9,
  fallback: false,
  latencyMs: 1.5,
  question: '没用',
  ...extra,
});

describe('turn log feedback', () => {
  it('a feedback turn reads back with its verdict; a question turn without one', async () => {
    const log = new SqliteTurnLog(openSqlite(dir.file('new.sqlite')));
    await log.append(record(1000));
    await log.append(record(2000, { feedback: 'unhelpful' }));
    const [plain, judged] = await log.list(0, 3000);
    expect(plain).not.toHaveProperty('feedback');
    expect(judged).toMatchObject({ intent: 'nat-how-to-file', feedback: 'unhelpful' });
  });

  it('a file from before the feedback column gains it and keeps its records', async () => {
    const path = dir.file('old.sqlite');
    const old = new Database(path);
    old.exec(`CREATE TABLE turn_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,
      channel TEXT NOT NULL, user_hash TEXT NOT NULL, conversation_hash TEXT NOT NULL, turn INTEGER,
      intent TEXT NOT NULL, confidence REAL NOT NULL, fallback INTEGER NOT NULL, latency_ms REAL NOT NULL,
      question TEXT NOT NULL)`);
    old
      .prepare(`INSERT INTO turn_log (at, channel, user_hash, conversation_hash, turn, intent, confidence,
        fallback, latency_ms, question) VALUES (500, 'wechat', 'u', 'c', 1, 'fallback', 0, 1, 2, '你好')`)
      .run();
    old.close();
    const log = new SqliteTurnLog(openSqlite(path));
    await log.append(record(1000, { feedback: 'helpful' }));
    const records = await log.list(0, 2000);
    expect(records.map((r) => [r.question, r.feedback])).toEqual([
      ['你好', undefined],
      ['没用', 'helpful'],
    ]);
  });
});
