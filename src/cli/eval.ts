// npm run eval — run the dev eval set (../shared/eval/dev.jsonl, when present) and the
// project's own cases (test/eval/*.jsonl) through the same path as POST /api/ask.
import './quietPipe.js';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createMemoryApp } from '../app.js';
import { calibrate, formatCalibration } from '../evaluation/calibration.js';
import { crossValidate, summarize } from '../evaluation/crossValidate.js';
import { type EvalCase, judgeTurn, readCases } from '../evaluation/evalCases.js';
import { loadKnowledge } from '../knowledge/load.js';
import { defaultKnowledgeDir, projectRoot } from '../knowledge/paths.js';

/** A fixed clock for cross-validation (rules with dates give the same answer every run). */
const EVAL_NOW = '2026-12-02T10:00:00+08:00';

interface CaseResult {
  c: EvalCase;
  failure?: string;
  replies: string[];
  /** How the first failing turn went: answered (wrongly), asked did-you-mean, or fell back. */
  failedAs?: 'answer' | 'clarify' | 'fallback';
  /** Some turn offered a did-you-mean. */
  clarified: boolean;
}

async function runSet(name: string, cases: EvalCase[], verbose: boolean): Promise<void> {
  const assistant = createMemoryApp();
  const results: CaseResult[] = [];
  for (const c of cases) {
    const address = { channel: 'eval', user: `eval-${name}-${c.id}` };
    const all: string[] = [];
    let failure: string | undefined;
    let failedAs: CaseResult['failedAs'];
    let clarified = false;
    const multi = c.tags.includes('multi');
    for (const [i, turn] of c.turns.entries()) {
      const r = await assistant.conversations.ask(address, turn.user);
      all.push(...r.replies);
      const problem = judgeTurn(turn.expect, r, all, multi);
      const kind = r.intent === 'clarify' ? 'clarify' : r.fallback ? 'fallback' : 'answer';
      if (kind === 'clarify') clarified = true;
      if (problem && !failure) {
        failure = `turn ${i + 1}: ${problem}`;
        failedAs = kind;
      }
    }
    results.push({ c, failure, replies: all, failedAs, clarified });
  }
  const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);
  const passed = results.filter((r) => !r.failure).length;
  const inScope = results.filter((r) => !r.c.tags.includes('oos'));
  const oos = results.filter((r) => r.c.tags.includes('oos'));
  const single = results.filter((r) => r.c.tags.includes('single'));
  const multi = results.filter((r) => r.c.tags.includes('multi'));
  const ok = (rs: CaseResult[]) => rs.filter((r) => !r.failure).length;
  console.log(`\n== ${name} (${cases.length} cases) ==`);
  console.log(`passed / total            : ${passed} / ${results.length}  (${pct(passed, results.length)})`);
  console.log(
    `in-scope accuracy         : ${ok(inScope)} / ${inScope.length}  (${pct(ok(inScope), inScope.length)})`,
  );
  console.log(
    `  single-turn             : ${ok(single)} / ${single.length}  (${pct(ok(single), single.length)})`,
  );
  console.log(
    `  multi-turn              : ${ok(multi)} / ${multi.length}  (${pct(ok(multi), multi.length)})`,
  );
  console.log(`out-of-scope fallback rate: ${ok(oos)} / ${oos.length}  (${pct(ok(oos), oos.length)})`);
  // Answered, but not what was expected (in scope), or answered an out-of-scope question.
  const wrong = results.filter((r) => r.failedAs === 'answer').length;
  console.log(`answered-but-wrong rate   : ${wrong} / ${results.length}  (${pct(wrong, results.length)})`);
  const clarified = results.filter((r) => r.clarified);
  const clarifiedOk = clarified.filter((r) => !r.failure).length;
  console.log(
    `did-you-mean rate         : ${clarified.length} / ${results.length}  (${pct(clarified.length, results.length)}); passed after it ${clarifiedOk}`,
  );
  const tags = [...new Set(results.flatMap((r) => r.c.tags))].sort();
  console.log('per tag:');
  for (const t of tags) {
    const rs = results.filter((r) => r.c.tags.includes(t));
    console.log(
      `  ${t.padEnd(18)} ${String(ok(rs)).padStart(3)} / ${String(rs.length).padEnd(3)} ${pct(ok(rs), rs.length)}`,
    );
  }
  const failed = results.filter((r) => r.failure);
  if (failed.length > 0) console.log('failures:');
  for (const r of failed) {
    console.log(`  ${r.c.id} [${r.c.tags.join(',')}] ${r.failure}`);
    console.log(`     Q: ${r.c.turns.map((t) => t.user).join(' → ')}`);
    if (verbose) console.log(`     A: ${r.replies.join(' ⏎ ').replace(/\n/g, ' ').slice(0, 400)}`);
  }
}

function runCrossValidation(folds: number, verbose: boolean): void {
  const knowledge = loadKnowledge(defaultKnowledgeDir, {});
  const cases = crossValidate(knowledge, folds, new Date(EVAL_NOW));
  const m = summarize(cases);
  const pct = (a: number) => (m.total === 0 ? '-' : `${((100 * a) / m.total).toFixed(1)}%`);
  console.log(`\n== cross-validated, ${folds} folds over the paraphrases (${m.total} questions) ==`);
  console.log(`answered right            : ${m.right} / ${m.total}  (${pct(m.right)})`);
  console.log(`answered-but-wrong rate   : ${m.wrong} / ${m.total}  (${pct(m.wrong)})`);
  console.log(
    `did-you-mean rate         : ${m.clarify} / ${m.total}  (${pct(m.clarify)}); right entry among its options ${m.clarifyRight} / ${m.clarify}`,
  );
  console.log(`fallback rate             : ${m.fallback} / ${m.total}  (${pct(m.fallback)})`);
  for (const line of formatCalibration(calibrate(cases))) console.log(line);
  if (!verbose) return;
  console.log('misses:');
  for (const c of cases.filter((c) => c.outcome !== 'right'))
    console.log(`  ${c.outcome.padEnd(13)} ${c.entryId} ← ${c.question}  [${c.got.join(', ')}]`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const cvAt = args.indexOf('--cv');
  if (cvAt >= 0) {
    const folds = Number(args[cvAt + 1] ?? 5);
    if (!Number.isInteger(folds) || folds < 2) throw new Error('--cv needs a number of folds ≥ 2');
    runCrossValidation(folds, !args.includes('--quiet'));
    return;
  }
  const verbose = !args.includes('--quiet');
  const files = args.filter((a) => !a.startsWith('--'));
  const sets: Array<[string, string]> = files.map((f) => [f, resolve(f)]);
  if (sets.length === 0) {
    const dev = resolve(projectRoot, '..', 'shared', 'eval', 'dev.jsonl');
    if (existsSync(dev)) sets.push(['dev', dev]);
    else console.log("(../shared/eval/dev.jsonl not found: running the project's own cases only)");
    const own = join(projectRoot, 'test', 'eval');
    if (existsSync(own)) {
      for (const f of readdirSync(own)
        .filter((f) => f.endsWith('.jsonl'))
        .sort())
        sets.push([f.replace('.jsonl', ''), join(own, f)]);
    }
  }
  for (const [name, path] of sets) await runSet(name, readCases(path), verbose);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
