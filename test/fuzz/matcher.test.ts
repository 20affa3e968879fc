// Property tests of the matcher and of a whole bot turn: any text and any conversation
// context give a decision from the allowed set, at most three answers, and replies a user
// can read (well-formed, non-empty), never an exception.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import type { Matcher, MatchResult } from '../../src/matcher/index.js';
import { domainText, hostileText, instant } from './arbitraries.js';

let assistant: App;
let matcher: Matcher;
beforeAll(() => {
  assistant = createMemoryApp({ clock: () => new Date('2026-11-25T02:00:00Z') });
  matcher = assistant.matcher;
});

const DECISIONS = ['answer', 'clarify', 'fallback'];

function expectValid(m: MatchResult): void {
  expect(DECISIONS).toContain(m.decision);
  expect(m.answers.length).toBeLessThanOrEqual(3);
  expect(m.choices.length).toBeLessThanOrEqual(3);
  const ids = (cs: MatchResult['answers']) => cs.map((c) => c.entry.id);
  for (const id of [...ids(m.answers), ...ids(m.choices)])
    expect(assistant.knowledge.entryById.has(id)).toBe(true);
  if (m.decision === 'answer') {
    expect(m.answers.length).toBeGreaterThanOrEqual(1);
    expect(m.top?.entry.id).toBe(m.answers[0]?.entry.id);
  } else expect(m.answers).toEqual([]);
  if (m.decision === 'clarify') expect(m.choices.length).toBeGreaterThanOrEqual(1);
  for (const c of m.candidates) expect(Number.isFinite(c.score)).toBe(true);
  expect(Number.isFinite(m.coverage)).toBe(true);
}

const context = () =>
  fc.record(
    {
      now: instant,
      knownRegion: fc.oneof(
        fc.constantFrom(...assistant.knowledge.regions.keys()),
        fc.string({ maxLength: 8 }),
      ),
      inDomain: fc.boolean(),
      contextTokens: fc.array(
        fc.oneof(fc.constantFrom('备案', '江门', '有效期', '材料'), fc.string({ maxLength: 4 })),
        {
          maxLength: 12,
        },
      ),
    },
    { requiredKeys: ['now'] },
  );

describe('matcher.match', () => {
  it('hostile text (any code point, lone surrogates, controls, emoji) with any context', () => {
    fc.assert(
      fc.property(hostileText(120), context(), (text, ctx) => expectValid(matcher.match(text, ctx))),
      { numRuns: 200 },
    );
  });

  it('text made of the knowledge base’s own words, places, dates and numbers', () => {
    fc.assert(
      fc.property(domainText(assistant.knowledge, 14), context(), (text, ctx) =>
        expectValid(matcher.match(text, ctx)),
      ),
      { numRuns: 300 },
    );
  });

  it('long messages (up to 500 characters, several sentences) stay within three answers', () => {
    const long = fc
      .array(fc.constantFrom(...assistant.knowledge.entries.map((e) => e.question)), {
        minLength: 3,
        maxLength: 12,
      })
      .map((qs) => qs.join('').slice(0, 500));
    fc.assert(
      fc.property(long, (text) => expectValid(matcher.match(text, { now: new Date() }))),
      { numRuns: 100 },
    );
  });
});

describe('a whole bot turn', () => {
  it('any message sequence of one user: every turn replies with readable text', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(domainText(assistant.knowledge, 10), hostileText(40)), {
          minLength: 1,
          maxLength: 6,
        }),
        async (messages) => {
          const user = `fuzz-turn-${++n}`;
          for (const text of messages) {
            const r = await assistant.conversations.ask({ channel: 'fuzz', user }, text);
            expect(r.replies.length).toBeGreaterThanOrEqual(1);
            for (const reply of r.replies) {
              expect(reply.trim().length).toBeGreaterThan(0);
              expect(reply.isWellFormed()).toBe(true);
              expect(reply.length).toBeLessThan(8000);
            }
            // Dialog prompts offer their choices (up to ten situations); FAQ answers up to three.
            for (const s of r.suggestions) expect(s.trim().length).toBeGreaterThan(0);
            expect(r.suggestions.length).toBeLessThanOrEqual(10);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
