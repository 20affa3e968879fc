// The turn log in the SQLite file, next to conversation state; trimmed to the newest `max`.
import { guarded, type SqliteDatabase } from '../sqliteDatabase.js';
import type { Feedback, TurnLogStore, TurnRecord } from './turnLog.js';

interface Row {
  at: number;
  channel: string;
  user_hash: string;
  conversation_hash: string;
  turn: number | null;
  intent: string;
  confidence: number;
  fallback: number;
  latency_ms: number;
  question: string;
  /** Absent in files written before feedback was recorded (read-only report on an old file). */
  feedback?: string | null;
}

export class SqliteTurnLog implements TurnLogStore {
  private readonly insert;
  private readonly select;
  private readonly trimStatement;

  constructor(
    db: SqliteDatabase,
    private readonly max = 100_000,
  ) {
    this.select = db.prepare<[number, number], Row>(
      'SELECT * FROM turn_log WHERE at >= ? AND at < ? ORDER BY at, id',
    );
    // Statements that write cannot be prepared on a read-only connection (the report's).
    this.insert = db.readonly
      ? undefined
      : db.prepare<
          [
            number,
            string,
            string,
            string,
            number | null,
            string,
            number,
            number,
            number,
            string,
            string | null,
          ]
        >(
          `INSERT INTO turn_log (at, channel, user_hash, conversation_hash, turn, intent, confidence,
             fallback, latency_ms, question, feedback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
    this.trimStatement = db.readonly
      ? undefined
      : db.prepare<[number]>('DELETE FROM turn_log WHERE id <= (SELECT MAX(id) FROM turn_log) - ?');
  }

  async append(r: TurnRecord): Promise<void> {
    guarded(() =>
      this.insert?.run(
        r.at,
        r.channel,
        r.userHash,
        r.conversationHash,
        r.turn ?? null,
        r.intent,
        r.confidence,
        r.fallback ? 1 : 0,
        r.latencyMs,
        r.question,
        r.feedback ?? null,
      ),
    );
  }

  async list(since: number, until: number): Promise<TurnRecord[]> {
    return guarded(() => this.select.all(since, until)).map((row) => ({
      at: row.at,
      channel: row.channel,
      userHash: row.user_hash,
      conversationHash: row.conversation_hash,
      turn: row.turn ?? undefined,
      intent: row.intent,
      confidence: row.confidence,
      fallback: row.fallback === 1,
      latencyMs: row.latency_ms,
      question: row.question,
      ...(row.feedback ? { feedback: row.feedback as Feedback } : {}),
    }));
  }

  /** Keep only the newest `max` records; returns how many were deleted. */
  trim(): number {
    return guarded(() => this.trimStatement?.run(this.max).changes ?? 0);
  }
}
