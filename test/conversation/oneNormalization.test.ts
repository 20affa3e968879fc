// Issue 14: a turn normalizes the user's message once (src/text/turnText.ts) and the turn
// log, the bot, the router, the responder and the matcher read that one result. The count
// goes through a wrapper around the real normalize(), so the answers stay the real ones.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
vi.mock('../../src/text/normalize.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/text/normalize.js')>();
  return {
    ...real,
    normalize: (raw: string) => {
      calls.push(raw);
      return real.normalize(raw);
    },
  };
});

const { createMemoryApp } = await import('../../src/app.js');
const { MemoryTurnLog } = await import('../../src/storage/turnLog/turnLog.js');

const NOW = new Date('2026-11-25T04:00:00Z');
let app: ReturnType<typeof createMemoryApp>;
let log: InstanceType<typeof MemoryTurnLog>;
let users = 0;

beforeAll(() => {
  log = new MemoryTurnLog();
  app = createMemoryApp({ clock: () => NOW, turnLog: { store: log, salt: 'test-salt' } });
});

afterEach(() => {
  calls.length = 0;
});

const ask = (text: string) => app.conversations.ask({ channel: 'test', user: `norm-${++users}` }, text);
const ofThisText = (text: string) => calls.filter((c) => c.trim() === text.trim());

describe('one normalization per turn', () => {
  it.each([
    ['异地就医备案有效期多久'],
    ['江门 台山 咨询电话'],
    ['邢台的临时外出就医备案能用多久'],
    ['我是江门新会的'],
    ['今天天气怎么样'],
  ])('%s: the message is normalized once, and the turn is answered and logged', async (text) => {
    calls.length = 0;
    const before = (await log.list(0, Number.MAX_SAFE_INTEGER)).length;
    const r = await ask(text);
    expect(r.replies.length).toBeGreaterThan(0);
    expect(ofThisText(text)).toHaveLength(1);
    const logged = await log.list(0, Number.MAX_SAFE_INTEGER);
    expect(logged.length).toBe(before + 1);
    expect(logged.some((t) => t.question === text.replace(/\s+/g, ' '))).toBe(true);
  });

  it('a Traditional question is normalized once and answered in Traditional', async () => {
    const text = '異地就醫備案有效期多久';
    const r = await ask(text);
    expect(ofThisText(text)).toHaveLength(1);
    expect(r.fallback).toBe(false);
    expect(r.replies.join('')).toMatch(/備案/);
  });
});
