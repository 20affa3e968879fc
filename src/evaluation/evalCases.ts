// The eval-set format (../shared/eval/README.md) and how one case is judged.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { toSimplified } from '../matcher/normalize.js';

const expectSchema = z.union([
  z.strictObject({ answer: z.array(z.array(z.string()).min(1)).min(1) }),
  z.strictObject({ fallback: z.literal(true) }),
  z.strictObject({}),
]);
export const evalCaseSchema = z.object({
  id: z.string(),
  turns: z.array(z.object({ user: z.string(), expect: expectSchema })).min(1),
  note: z.string().optional(),
  tags: z.array(z.string()).min(1),
});
export type EvalCase = z.infer<typeof evalCaseSchema>;
export type Expectation = z.infer<typeof expectSchema>;

export function readCases(path: string): EvalCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line, i) => {
      const parsed = evalCaseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

/** The README's comparison form: simplified, no whitespace, lower case. */
export function comparable(text: string): string {
  return toSimplified(text).replace(/\s+/g, '').toLowerCase();
}

export interface TurnOutcome {
  replies: string[];
  fallback: boolean;
}

/** Judge one checked turn; `allReplies` is every bot reply of the case so far. */
export function judgeTurn(
  expect: Expectation,
  turn: TurnOutcome,
  allReplies: string[],
  multi: boolean,
): string | undefined {
  if ('fallback' in expect) return turn.fallback ? undefined : 'expected a fallback, got an answer';
  if (!('answer' in expect)) return undefined;
  if (turn.fallback) return 'fell back';
  const haystack = comparable((multi ? allReplies : turn.replies).join('\n'));
  const missing = expect.answer.filter((group) => !group.some((alt) => haystack.includes(comparable(alt))));
  return missing.length === 0 ? undefined : `missing ${missing.map((g) => g.join('|')).join(' & ')}`;
}
