// The curators' turn log: one record per message turn, without raw personal data — the
// question has ID-card and phone numbers masked, user and conversation ids are salted hashes.
import { createHash } from 'node:crypto';

export interface TurnRecord {
  /** Start of the turn, ms since the epoch. */
  at: number;
  channel: string;
  /** sha256(salt + user id), hex, first 32 characters. */
  userHash: string;
  conversationHash: string;
  /** The n-th message turn of the conversation (undefined when state was unavailable). */
  turn?: number;
  intent: string;
  confidence: number;
  fallback: boolean;
  latencyMs: number;
  /** Simplified, masked text of the user's message. */
  question: string;
  /**
   * Set on a feedback turn (有用 / 没用 / 不对, a Bot Framework messageReaction): the user's
   * verdict on the previous answer. Such a record's `intent` is the intent judged (the previous
   * answer's), not a new question's; the report lists unhelpful ones first.
   */
  feedback?: Feedback;
}

export type Feedback = 'helpful' | 'unhelpful';

export interface TurnLogStore {
  append(record: TurnRecord): Promise<void>;
  /** Records with since ≤ at < until, oldest first. */
  list(since: number, until: number): Promise<TurnRecord[]>;
}

export function hashId(salt: string, id: string): string {
  return createHash('sha256').update(salt).update('\u0000').update(id).digest('hex').slice(0, 32);
}

/** For tests and STORAGE=memory: the newest `max` records, gone with the process. */
export class MemoryTurnLog implements TurnLogStore {
  private readonly records: TurnRecord[] = [];

  constructor(private readonly max = 10_000) {}

  async append(record: TurnRecord): Promise<void> {
    this.records.push(record);
    if (this.records.length > this.max) this.records.splice(0, this.records.length - this.max);
  }

  async list(since: number, until: number): Promise<TurnRecord[]> {
    return this.records.filter((r) => r.at >= since && r.at < until);
  }
}
