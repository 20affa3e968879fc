// Transcript tests: a conversation as a table of [user says, bot reply must contain …,
// bot reply must not contain …] steps, run through the real app's conversations.
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import type { AskResult } from '../../src/conversation/turn.js';

/** [what the user says, what the bot's reply must contain, what it must not contain]. */
export type Step = readonly [
  say: string,
  contains: string | readonly string[],
  lacks?: string | readonly string[],
];

/** The injected "now" of every dialog test: 2026-11-25 10:00 in Asia/Shanghai. */
export const DIALOG_NOW = new Date('2026-11-25T02:00:00Z');

let users = 0;

/** A user id no other test uses (no shared conversation state). */
export function freshUser(prefix = 'dialog'): string {
  users += 1;
  return `${prefix}-${process.pid}-${users}-${Math.random().toString(36).slice(2, 8)}`;
}

const list = (x: string | readonly string[] | undefined): readonly string[] =>
  x === undefined ? [] : typeof x === 'string' ? [x] : x;

/** Plays the steps as one new user and checks every reply; returns each turn's result. */
export async function transcript(assistant: App, steps: readonly Step[]): Promise<AskResult[]> {
  const user = freshUser();
  const results: AskResult[] = [];
  for (const [i, [say, contains, lacks]] of steps.entries()) {
    const result = await assistant.conversations.ask({ channel: 'test', user }, say);
    results.push(result);
    const text = result.replies.join('\n');
    const where = `step ${i + 1}: user said “${say}”, bot replied:\n${text}\n`;
    for (const part of list(contains)) expect(text, where).toContain(part);
    for (const part of list(lacks)) expect(text, where).not.toContain(part);
  }
  return results;
}
