// WeChat resends a message up to three times when it has no answer within 5 s, and the same
// message may reach two instances at the same instant. Each message runs once: the first
// request claims the message's record atomically in the shared claim store (Redis SET NX,
// SQLite insert-or-ignore) before running the turn; every other request — a retry, or the
// twin on another instance — waits for that turn's reply and returns it. Records are filed
// under the user's key (a user who unsubscribes takes them along) and expire by themselves
// after about 10 minutes. While the store is away, each instance still runs a message once
// for the requests it sees itself.
import type { ClaimKey, ClaimStore } from '../../storage/claims/claimStore.js';
import { isStorageUnavailable } from '../../storage/errors.js';
import { MAX_CLOCK_SKEW_SECONDS } from './signature.js';

export interface DedupeOptions {
  /**
   * How long a finished reply is kept. A replayed request is accepted only within
   * MAX_CLOCK_SKEW_SECONDS of its timestamp (either side), so twice that covers every replay.
   */
  doneMs?: number;
  /** How long a "still running" mark holds (a crashed instance must not block forever). */
  pendingMs?: number;
  /** How often a request waiting for another's turn looks for its reply. */
  pollMs?: number;
}

export const DEDUPE_DONE_MS = 2 * MAX_CLOCK_SKEW_SECONDS * 1000;
const PENDING = 'p';
const DONE = 'd';

/** The record of one message of one user (owner: the user's key). */
export const dedupeKey = (userKey: string, messageKey: string): ClaimKey => ({
  owner: userKey,
  id: `wechat/dedupe/${messageKey}`,
});

export class ReplyOnce {
  private readonly running = new Map<string, Promise<string>>();
  private readonly doneMs: number;
  private readonly pendingMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly claims: ClaimStore,
    options: DedupeOptions = {},
  ) {
    this.doneMs = options.doneMs ?? DEDUPE_DONE_MS;
    this.pendingMs = options.pendingMs ?? 30_000;
    this.pollMs = options.pollMs ?? 100;
  }

  /** The reply for `key`: from `run` the first time, the first run's reply afterwards. */
  once(key: ClaimKey, run: () => Promise<string>): Promise<string> {
    const local = `${key.owner ?? ''}\u0000${key.id}`;
    const running = this.running.get(local);
    if (running) return running;
    const result = this.claim(key, run);
    this.running.set(local, result);
    const clear = () => {
      if (this.running.get(local) === result) this.running.delete(local);
    };
    result.then(clear, clear);
    return result;
  }

  private async claim(key: ClaimKey, run: () => Promise<string>): Promise<string> {
    let taken: string | undefined;
    try {
      taken = await this.claims.claim(key, PENDING, this.pendingMs);
    } catch (error) {
      if (!isStorageUnavailable(error)) throw error;
      return run(); // store away: this instance's own requests are still coalesced (running)
    }
    if (taken?.startsWith(DONE)) return taken.slice(DONE.length);
    if (taken !== undefined) return this.waitForOther(key);
    let reply: string;
    try {
      reply = await run();
    } catch (error) {
      // Let a retry try again rather than wait for a reply that never comes.
      await this.claims.delete(key).catch(() => undefined);
      throw error;
    }
    await this.claims.set(key, DONE + reply, this.doneMs).catch(() => undefined);
    return reply;
  }

  /** Another request runs this message: its reply once stored, or '' when it never comes. */
  private async waitForOther(key: ClaimKey): Promise<string> {
    for (let waited = 0; waited < this.pendingMs; waited += this.pollMs) {
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      let record: string | undefined;
      try {
        record = await this.claims.get(key);
      } catch {
        return '';
      }
      if (record === undefined) return '';
      if (record.startsWith(DONE)) return record.slice(DONE.length);
    }
    return '';
  }
}
