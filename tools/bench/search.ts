// Staff-lookup latency: StaffSearch.search over the dev questions (../shared/eval/dev.jsonl,
// else the project's test/eval/heldout.jsonl), in-process. Target: p99 < 20 ms.

import { readCases } from '../../src/evaluation/evalCases.js';
import type { Knowledge } from '../../src/knowledge/types.js';
import { MAX_QUERY_LENGTH } from '../../src/lookup/params.js';
import { StaffSearch } from '../../src/lookup/search.js';
import type { Matcher } from '../../src/matcher/index.js';
import { evalFiles } from './questions.js';
import { ms, summarize } from './stats.js';

export const SEARCH_P99_TARGET_MS = 20;

/** Every user turn of the dev set (or of the held-out set when the dev set is absent). */
export function searchQuestions(): { set: string; queries: string[] } {
  const files = evalFiles();
  const [set, path] =
    files.find(([name]) => name === 'dev') ?? files.find(([name]) => name === 'heldout') ?? [];
  if (!set || !path)
    throw new Error('no eval set found (../shared/eval/dev.jsonl or test/eval/heldout.jsonl)');
  const queries = readCases(path)
    .flatMap((c) => c.turns.map((t) => t.user))
    // The API accepts at most MAX_QUERY_LENGTH characters: longer questions are cut like a paste would be.
    .map((q) => Array.from(q).slice(0, MAX_QUERY_LENGTH).join('').trim())
    .filter(Boolean);
  return { set, queries };
}

export interface SearchBench {
  set: string;
  p50: number;
  p99: number;
  mean: number;
  n: number;
}

/** Times search() (limit 10, no region) over every question, `rounds` times after a warm-up. */
export function benchSearch(knowledge: Knowledge, matcher: Matcher, rounds = 20): SearchBench {
  const search = new StaffSearch(knowledge, matcher);
  const { set, queries } = searchQuestions();
  for (const q of queries) search.search(q);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      const t = process.hrtime.bigint();
      search.search(q);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return { set, ...summarize(times) };
}

/** The benchmark table row of tools/bench.ts. */
export function searchBenchRow(knowledge: Knowledge, matcher: Matcher, rounds = 20): string[] {
  const b = benchSearch(knowledge, matcher, rounds);
  const verdict = b.p99 < SEARCH_P99_TARGET_MS ? 'ok' : 'OVER';
  return [
    `staff search (${b.set} questions; p99 target < ${SEARCH_P99_TARGET_MS} ms: ${verdict})`,
    ms(b.p50),
    ms(b.p99),
    ms(b.mean),
    String(b.n),
  ];
}
