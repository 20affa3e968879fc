// WeChat's replay record. In plain mode the URL signature covers token, timestamp and nonce
// only, so a captured signed URL would carry any body for the 5 minutes it is fresh. Each
// accepted URL (its signatures, timestamp and nonce) is therefore claimed atomically in the
// shared claim store for as long as it is fresh, bound to a hash of its body: the same URL
// with the same body is WeChat's own retry (answered from the dedupe record); with another
// body it is refused. While the shared store is away, a per-instance record still holds.
import { createHash } from 'node:crypto';
import type { Clock } from '../../calendar.js';
import { type ClaimStore, MemoryClaimStore } from '../../storage/claims/claimStore.js';
import { isStorageUnavailable } from '../../storage/errors.js';
import { MAX_CLOCK_SKEW_SECONDS } from './signature.js';

export type ReplayVerdict = 'first' | 'retry' | 'forged';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url');
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export class ReplayGuard {
  private readonly fallback = new MemoryClaimStore();

  constructor(
    private readonly claims: ClaimStore,
    private readonly clock: Clock,
  ) {}

  /** Whether this signed request was seen before, and if so with the same body. */
  async admit(query: Partial<Record<string, unknown>>, body: string): Promise<ReplayVerdict> {
    const timestamp = str(query.timestamp);
    const url = [query.signature, query.msg_signature, timestamp, query.nonce].map(str).join('\n');
    const key = { id: `wechat/replay/${sha256(url)}` };
    // Until the timestamp is no longer fresh, plus a second of margin.
    const ttlMs = Math.max(
      1000,
      (Number(timestamp) + MAX_CLOCK_SKEW_SECONDS) * 1000 - this.clock().getTime() + 1000,
    );
    const digest = sha256(body);
    let seen: string | undefined;
    try {
      seen = await this.claims.claim(key, digest, ttlMs);
    } catch (error) {
      if (!isStorageUnavailable(error)) throw error;
      seen = await this.fallback.claim(key, digest, ttlMs);
    }
    if (seen === undefined) return 'first';
    return seen === digest ? 'retry' : 'forged';
  }
}
