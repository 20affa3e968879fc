// The eval-set format (../shared/eval/README.md) and how one case is judged.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { toSimplified } from '../text/normalize.js';

const expectSchema = z.union([
  z.strictObject({
    answer: z.array(z.array(z.string()).min(1)).min(1),
    /**
     * Project extension (own sets only): phrases no correct reply contains, e.g. "还来得及"
     * for a patient who has already paid. A reply containing one fails like a missing group.
     */
    forbid: z.array(z.string().min(1)).optional(),
  }),
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
  const cases: EvalCase[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new Error(`${path}:${i + 1}: not valid JSON`);
      }
      const parsed = evalCaseSchema.safeParse(json);
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      cases.push(parsed.data);
    });
  return cases;
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
  if (missing.length > 0) return `missing ${missing.map((g) => g.join('|')).join(' & ')}`;
  // Forbidden phrases are judged on this turn's replies: an earlier turn may rightly have said them.
  const said = comparable(turn.replies.join('\n'));
  const forbidden = (expect.forbid ?? []).filter((phrase) => said.includes(comparable(phrase)));
  return forbidden.length === 0 ? undefined : `says ${forbidden.join(' & ')}`;
}
