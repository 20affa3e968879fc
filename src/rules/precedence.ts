// Which document governs a case when several apply: the precedence table in rules.yaml, read
// here only, so dialogs, FAQ answers and the staff lookup decide the same way.
import type { Knowledge } from '../knowledge/types.js';
import type { CareScope } from './careScope.js';

export type PrecedenceTopic = 'late-filing' | 'validity';

export interface Precedence {
  governs: 'national' | 'insured';
  /** Why this rule governs (a template: {region} {regionDate} {nationalDate}). */
  text: string;
}

export function precedenceFor(
  k: Knowledge,
  topic: PrecedenceTopic,
  scope: CareScope,
): Precedence | undefined {
  if (scope === 'unknown') return undefined;
  const row = k.rules.precedence.find((p) => p.topic === topic && p.scope === scope);
  return row ? { governs: row.governs, text: row.text } : undefined;
}
