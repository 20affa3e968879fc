// The result cache for repeated questions (src/assistant/matchCache.ts): a hit is the very
// result the matcher computes, and anything a match reads — the day, the remembered region,
// the script, the context words — makes a different key.
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { MatchCache } from '../../src/assistant/matchCache.js';

const NOW = new Date('2026-11-25T04:00:00Z');
const NEXT_DAY = new Date('2026-11-26T04:00:00Z');
const SAME_DAY_LATER = new Date('2026-11-25T15:59:00Z'); // 23:59 in Shanghai
let app: App;
let users = 0;

beforeAll(() => {
  app = createMemoryApp({ clock: () => NOW });
});

const fresh = () => new MatchCache(app.matcher, 100);

describe('a repeated question', () => {
  it('is matched once: the second conversation gets the same answer from the cache', async () => {
    const before = app.matchCache.stats();
    const ask = () =>
      app.conversations.ask({ channel: 'test', user: `cache-${++users}` }, '异地就医备案的有效期是多久呀');
    const first = await ask();
    const second = await ask();
    const after = app.matchCache.stats();
    expect(second.replies).toEqual(first.replies);
    expect(second.intent).toBe(first.intent);
    expect(first.fallback).toBe(false);
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(1);
  });

  it('gives the result the matcher gives', () => {
    const cache = fresh();
    const direct = app.matcher.match('江门 台山 咨询电话', { now: NOW });
    cache.match('江门 台山 咨询电话', { now: NOW });
    const cached = cache.match('江门 台山 咨询电话', { now: NOW });
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, size: 1 });
    expect(cached.decision).toBe(direct.decision);
    expect(cached.answers.map((c) => c.entry.id)).toEqual(direct.answers.map((c) => c.entry.id));
  });
});

describe('what makes a different key', () => {
  const q = '住院了没备案还能报销吗';
  it.each([
    ['another day in Shanghai', { now: NEXT_DAY }, 1],
    ['later the same Shanghai day', { now: SAME_DAY_LATER }, 0],
    ['a remembered insured region', { now: NOW, knownRegion: 'xingtai' }, 1],
    ['an in-domain conversation', { now: NOW, inDomain: true }, 1],
    ['context words of earlier turns', { now: NOW, contextTokens: ['材料'] }, 1],
  ])('%s', (_what, ctx, misses) => {
    const cache = fresh();
    cache.match(q, { now: NOW });
    cache.match(q, ctx);
    expect(cache.stats().misses - 1).toBe(misses);
  });

  it('the same question in Traditional characters is a miss, and is answered in Traditional', async () => {
    const cache = fresh();
    cache.match('异地就医备案有效期多久', { now: NOW });
    cache.match('異地就醫備案有效期多久', { now: NOW });
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 2 });
    const ask = (text: string) => app.conversations.ask({ channel: 'test', user: `cache-${++users}` }, text);
    await ask('异地就医备案有效期多久');
    const traditional = await ask('異地就醫備案有效期多久');
    expect(traditional.replies.join('')).toMatch(/備案/);
    expect(traditional.replies.join('')).not.toMatch(/备案/);
  });
});

describe('bounds', () => {
  it('keeps at most its capacity and drops the least recently used first', () => {
    const cache = new MatchCache(app.matcher, 2);
    cache.match('备案要带什么材料', { now: NOW });
    cache.match('江门 台山 咨询电话', { now: NOW });
    cache.match('备案要带什么材料', { now: NOW }); // used again: now the most recent
    cache.match('邢台的临时外出就医备案能用多久', { now: NOW }); // drops 江门 台山
    expect(cache.stats()).toMatchObject({ size: 2, hits: 1, misses: 3 });
    cache.match('备案要带什么材料', { now: NOW });
    expect(cache.stats().hits).toBe(2);
    cache.match('江门 台山 咨询电话', { now: NOW });
    expect(cache.stats().misses).toBe(4);
  });

  it('capacity 0 keeps nothing (RESULT_CACHE_SIZE=0)', () => {
    const cache = new MatchCache(app.matcher, 0);
    cache.match('备案要带什么材料', { now: NOW });
    cache.match('备案要带什么材料', { now: NOW });
    expect(cache.stats()).toMatchObject({ size: 0, hits: 0 });
  });

  it('a shared result cannot be changed by whoever read it', () => {
    const cache = fresh();
    const r = cache.match('我是江门新会的 备案要带什么材料', { now: NOW });
    expect(() => (r.entities.regions as unknown[]).push('x')).toThrow();
    expect(() => (r.answers as unknown[]).pop()).toThrow();
  });
});
