// vitest globalSetup of the full run: compile the program once (`npm run build`,
// incremental), so the tests that start the server or a command-line tool in a child process
// run the compiled JavaScript (tools/harness/compiled.ts) instead of compiling on the fly.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { projectRoot } from '../../src/knowledge/paths.js';

export default function buildOnce(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
}
