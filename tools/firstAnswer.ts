// Used by the cold-start benchmark: build the assistant, answer one question, print the
// elapsed time since process start, exit. `--phases` also prints where the time went (each
// heavy import, knowledge load, matcher build, app wiring, first answer); the imports are
// dynamic so each one is timed on its own, in the order a real start would load them.
const phases = process.argv.includes('--phases');
const marks: [string, number][] = [['process start → script', performance.now()]];
async function phase<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const result = await run();
  marks.push([name, performance.now() - start]);
  return result;
}

if (phases) {
  await phase('import yaml', () => import('yaml'));
  await phase('import zod', () => import('zod'));
  await phase('import nodejieba', () => import('nodejieba'));
  await phase('import fuse.js', () => import('fuse.js'));
  await phase('import botbuilder-core', () => import('botbuilder-core'));
  await phase('import botbuilder-dialogs', () => import('botbuilder-dialogs'));
}
const { createMemoryApp } = await phase('import app modules', () => import('../src/app.js'));
const { loadKnowledge } = await import('../src/knowledge/load.js');
const { defaultKnowledgeDir } = await import('../src/knowledge/paths.js');
const knowledge = phases
  ? await phase('knowledge load (yaml+zod+checks)', () => loadKnowledge(defaultKnowledgeDir))
  : undefined;
const app = await phase('app wiring (matcher, indexes, dialogs)', () =>
  createMemoryApp(knowledge ? { knowledge } : {}),
);
const r = await phase('first answer', () =>
  app.conversations.ask({ channel: 'bench', user: 'cold' }, '异地就医备案有效期多久'),
);
if (phases) {
  for (const [name, ms] of marks)
    process.stderr.write(`${name.padEnd(42)} ${ms.toFixed(1).padStart(8)} ms\n`);
}
process.stdout.write(`${JSON.stringify({ uptimeMs: process.uptime() * 1000, intent: r.intent })}\n`);
