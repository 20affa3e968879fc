// npm run eval — run the dev eval set (../shared/eval/dev.jsonl, when present) and the
// project's own cases (test/eval/*.jsonl) through the same path as POST /api/ask.
import './quietPipe.js';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createMemoryApp } from '../app.js';
import { type EvalCase, judgeTurn, readCases } from '../evaluation/evalCases.js';
import { projectRoot } from '../knowledge/paths.js';

interface CaseResult {
  c: EvalCase;
  failure?: string;
  replies: string[];
}

async function runSet(name: string, cases: EvalCase[], verbose: boolean): Promise<void> {
  const assistant = createMemoryApp();
  const results: CaseResult[] = [];
  for (const c of cases) {
    const address = { channel: 'eval', user: `eval-${name}-${c.id}` };
    const all: string[] = [];
    let failure: string | undefined;
    const multi = c.tags.includes('multi');
    for (const [i, turn] of c.turns.entries()) {
      const r = await assistant.conversations.ask(address, turn.user);
      all.push(...r.replies);
      const problem = judgeTurn(turn.expect, r, all, multi);
      if (problem && !failure) failure = `turn ${i + 1}: ${problem}`;
    }
    results.push({ c, failure, replies: all });
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

async function main(): Promise<void> {
  const args = process.argv.slice(2);
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
