// Accuracy and speed of the contenders side by side: each runs alone in a child process
// (tools/bench/contenderRun.ts) on the same questions; this module gathers the table. Also
// checks that no held-out question is written in the knowledge base as a paraphrase.
import { spawnSync } from 'node:child_process';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir, projectRoot } from '../../src/knowledge/paths.js';
import { compact } from '../../src/text/normalize.js';
import { compiled } from '../harness/compiled.js';
import { BOT, type ContenderReport } from './contenderRun.js';
import { CONTENDERS, utterances } from './peers.js';
import { evalFiles, singleTurnQuestions } from './questions.js';
import { ms } from './stats.js';

export function runContenders(rounds: number): ContenderReport[] {
  const script = compiled('tools/bench/contenderRun.ts');
  const reports: ContenderReport[] = [];
  for (const name of [...CONTENDERS, BOT]) {
    const r = spawnSync(process.execPath, ['--expose-gc', script, name, String(rounds)], {
      cwd: projectRoot,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (r.status !== 0 || !line) throw new Error(`contender ${name} failed (${r.status}):\n${r.stderr}`);
    reports.push(JSON.parse(line.slice('RESULT '.length)) as ContenderReport);
  }
  return reports;
}

export function accuracyTable(reports: ContenderReport[]): string[][] {
  const sets = [...new Set(singleTurnQuestions().map((q) => q.set))];
  const rate = (
    xs: ContenderReport['outcomes'],
    pass: (x: ContenderReport['outcomes'][number]) => boolean,
  ) =>
    xs.length === 0
      ? '-'
      : `${((100 * xs.filter(pass).length) / xs.length).toFixed(1)}% (${xs.filter(pass).length}/${xs.length})`;
  const header = ['contender', ...sets.map((s) => `top-1 ${s} singles`), 'did-you-mean', 'OOS fallback'];
  const rows = [[...header, 'p50/msg', 'p99/msg', 'samples', 'start-up', 'RSS Δ built', 'RSS Δ after']];
  for (const r of reports) {
    const inScope = r.outcomes.filter((o) => !o.oos);
    const oos = r.outcomes.filter((o) => o.oos);
    rows.push([
      r.name,
      ...sets.map((s) =>
        rate(
          inScope.filter((o) => o.set === s),
          (o) => o.pass,
        ),
      ),
      String(inScope.filter((o) => o.decision === 'clarify').length),
      rate(oos, (o) => o.pass),
      ms(r.p50),
      ms(r.p99),
      String(r.samples),
      ms(r.startupMs),
      `${r.rssBuiltMb.toFixed(0)} MB`,
      `${r.rssAfterMb.toFixed(0)} MB`,
    ]);
  }
  return rows;
}

/** Eval questions written (after normalization) as a question or paraphrase of an entry. */
export function knowledgeOverlap(): Array<{ set: string; id: string; text: string; entry: string }> {
  const k = loadKnowledge(defaultKnowledgeDir);
  const known = new Map(utterances(k).map((u) => [compact(u.text), u.id]));
  const out: Array<{ set: string; id: string; text: string; entry: string }> = [];
  for (const q of singleTurnQuestions()) {
    const entry = known.get(compact(q.text));
    if (entry) out.push({ set: q.set, id: q.id, text: q.text, entry });
  }
  return out;
}

export function questionCounts(): string {
  const qs = singleTurnQuestions();
  return evalFiles()
    .map(([set]) => {
      const s = qs.filter((q) => q.set === set);
      return `${set}: ${s.filter((q) => !q.oos).length} in-scope singles + ${s.filter((q) => q.oos).length} out-of-scope`;
    })
    .join('; ');
}
