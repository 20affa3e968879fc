// WeChat resends a message up to three times when it has no answer within 5 s. Each message
// runs once: the first request runs the turn, a retry gets the same reply (waiting for the
// first while it still runs). The record lives in the bot's Storage, so retries that reach
// another instance find it once state is shared (SQLite, Redis).
import type { Storage } from 'botbuilder-core';
import type { Clock } from '../../calendar.js';
import { MAX_CLOCK_SKEW_SECONDS } from './signature.js';

/** What the Storage holds per message; `expiresAt` (epoch ms) marks it stale. */
export interface DedupeRecord {
  status: 'pending' | 'done';
  /** The reply text ('' = nothing to say). */
  reply?: string;
  expiresAt: number;
}

export interface DedupeOptions {
  /**
   * How long a finished reply is kept. A replayed request is accepted only within
   * MAX_CLOCK_SKEW_SECONDS of its timestamp (either side), so twice that covers every replay.
   */
  doneMs?: number;
  /** How long a "still running" mark holds (a crashed instance must not block forever). */
  pendingMs?: number;
  /** How often a retry on another instance looks for the first request's reply. */
  pollMs?: number;
}

export const dedupeStorageKey = (key: string) => `wechat/dedupe/${key}`;

export class ReplyOnce {
  private readonly running = new Map<string, Promise<string>>();
  private readonly doneMs: number;
  private readonly pendingMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    options: DedupeOptions = {},
  ) {
    this.doneMs = options.doneMs ?? 2 * MAX_CLOCK_SKEW_SECONDS * 1000;
    this.pendingMs = options.pendingMs ?? 30_000;
    this.pollMs = options.pollMs ?? 200;
  }

  /** The reply for `key`: from `run` the first time, the stored reply afterwards. */
  once(key: string, run: () => Promise<string>): Promise<string> {
    const storageKey = dedupeStorageKey(key);
    const running = this.running.get(storageKey);
    if (running) return running;
    const result = this.claim(storageKey, run);
    this.running.set(storageKey, result);
    const clear = () => {
      if (this.running.get(storageKey) === result) this.running.delete(storageKey);
    };
    result.then(clear, clear);
    return result;
  }

  private async claim(storageKey: string, run: () => Promise<string>): Promise<string> {
    const existing = await this.read(storageKey);
    if (existing?.status === 'done') return existing.reply ?? '';
    if (existing?.status === 'pending') return this.waitForOther(storageKey);
    await this.write(storageKey, { status: 'pending', expiresAt: this.now() + this.pendingMs });
    let reply: string;
    try {
      reply = await run();
    } catch (error) {
      // Let a retry try again rather than wait for a reply that never comes.
      await this.storage.delete([storageKey]).catch(() => undefined);
      throw error;
    }
    await this.write(storageKey, { status: 'done', reply, expiresAt: this.now() + this.doneMs });
    // Storage has no expiry of its own: remove the record once it can no longer matter.
    setTimeout(() => void this.storage.delete([storageKey]).catch(() => undefined), this.doneMs).unref();
    return reply;
  }

  /** Another instance runs this message: its reply once stored, or '' when it never comes. */
  private async waitForOther(storageKey: string): Promise<string> {
    for (let waited = 0; waited < this.pendingMs; waited += this.pollMs) {
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      const record = await this.read(storageKey);
      if (!record) return '';
      if (record.status === 'done') return record.reply ?? '';
    }
    return '';
  }

  /** The live record of a key (expired ones count as absent). */
  private async read(storageKey: string): Promise<DedupeRecord | undefined> {
    const item = (await this.storage.read([storageKey]))[storageKey] as Partial<DedupeRecord> | undefined;
    if (!item || typeof item.expiresAt !== 'number' || item.expiresAt <= this.now()) return undefined;
    if (item.status !== 'pending' && item.status !== 'done') return undefined;
    return {
      status: item.status,
      reply: typeof item.reply === 'string' ? item.reply : undefined,
      expiresAt: item.expiresAt,
    };
  }

  private write(storageKey: string, record: DedupeRecord): Promise<void> {
    // '*': last writer wins (the record is only ever replaced by the same message's outcome).
    return this.storage.write({ [storageKey]: { ...record, eTag: '*' } });
  }

  private now(): number {
    return this.clock().getTime();
  }
}
