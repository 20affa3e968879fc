// The questions benchmarks run: the dev eval set when ../shared is present, plus the
// project's own held-out cases under test/eval (always present).
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type EvalCase, readCases } from '../../src/evaluation/evalCases.js';
import { projectRoot } from '../../src/knowledge/paths.js';

export interface BenchQuestion {
  id: string;
  text: string;
  /** The eval case's expectation: answer groups or a fallback. */
  expect: EvalCase['turns'][number]['expect'];
  oos: boolean;
  set: string;
}

export function evalFiles(): Array<[string, string]> {
  const files: Array<[string, string]> = [];
  const dev = resolve(projectRoot, '..', 'shared', 'eval', 'dev.jsonl');
  if (existsSync(dev)) files.push(['dev', dev]);
  const own = join(projectRoot, 'test', 'eval');
  if (existsSync(own)) {
    for (const f of readdirSync(own)
      .filter((x) => x.endsWith('.jsonl'))
      .sort())
      files.push([f.replace('.jsonl', ''), join(own, f)]);
  }
  return files;
}

/** Single-turn and out-of-scope questions (multi-turn cases need a conversation). */
export function singleTurnQuestions(): BenchQuestion[] {
  const out: BenchQuestion[] = [];
  for (const [set, path] of evalFiles()) {
    for (const c of readCases(path)) {
      if (c.tags.includes('multi')) continue;
      const turn = c.turns[0];
      if (turn)
        out.push({ id: c.id, text: turn.user, expect: turn.expect, oos: c.tags.includes('oos'), set });
    }
  }
  return out;
}
