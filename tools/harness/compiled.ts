// The compiled program (`npm run build`: dist/src, dist/dialogs), as tests, benchmarks and
// the soak start it in child processes: the same JavaScript `npm start` runs, started in a
// fraction of the time tsx needs. The full test run builds it once (test/helpers/buildOnce.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/knowledge/paths.js';

/** dist/<path of a source file under src/, as .js>, e.g. compiled('src/main.ts'). */
export function compiled(sourcePath: string): string {
  const path = join(projectRoot, 'dist', sourcePath.replace(/\.ts$/, '.js'));
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  return path;
}
