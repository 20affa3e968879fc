// A bounded cache of matcher results for repeated questions (issue 14): many citizens ask the
// same few questions, and the matcher is most of a turn's CPU. The key holds everything a
// match reads — the message as written (so its script and its numbers too), the day in
// Asia/Shanghai (relative dates: 前天, 还剩几天), the remembered insured region, whether the
// conversation is in our domain, the context words of earlier turns — so a hit is the
// very result the matcher would compute. Least recently used entries go first.
import { shanghaiDate } from '../calendar.js';
import type { MatchContext, Matcher, MatchResult } from '../matcher/index.js';
import { type TextInput, textOf } from '../text/turnText.js';

const SEP = '\u0001';

export interface MatchCacheStats {
  hits: number;
  misses: number;
  size: number;
  capacity: number;
}

export class MatchCache {
  private readonly entries = new Map<string, MatchResult>();
  private hits = 0;
  private misses = 0;

  /** `capacity` 0 turns the cache off (every call runs the matcher). */
  constructor(
    private readonly matcher: Matcher,
    readonly capacity: number,
  ) {}

  match(input: TextInput, ctx: MatchContext): MatchResult {
    if (this.capacity <= 0) return this.matcher.match(input, ctx);
    const key = keyOf(input, ctx);
    const kept = this.entries.get(key);
    if (kept) {
      this.hits++;
      // Re-inserted: the Map's order is the recency order.
      this.entries.delete(key);
      this.entries.set(key, kept);
      return kept;
    }
    this.misses++;
    const result = freezeShared(this.matcher.match(input, ctx));
    this.entries.set(key, result);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return result;
  }

  stats(): MatchCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size, capacity: this.capacity };
  }
}

function keyOf(input: TextInput, ctx: MatchContext): string {
  return [
    shanghaiDate(ctx.now),
    ctx.knownRegion ?? '',
    ctx.inDomain === true ? '1' : '0',
    ctx.exactParaphrases === false ? '0' : '1',
    (ctx.contextTokens ?? []).join(' '),
    textOf(input),
  ].join(SEP);
}

/**
 * A cached result is shared by every conversation that asks the same: its own arrays and
 * objects are frozen so that no caller can change what the next one reads (the knowledge
 * entries it points to are the knowledge's own and stay as they are).
 */
function freezeShared(result: MatchResult): MatchResult {
  deepFreeze(result.normalized);
  deepFreeze(result.entities);
  Object.freeze(result.tokens);
  Object.freeze(result.salient);
  for (const list of [result.candidates, result.answers, result.choices]) Object.freeze(list);
  return Object.freeze(result);
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
