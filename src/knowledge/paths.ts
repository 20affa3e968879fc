// Where the project's own folders are, independent of the working directory.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json (the same whether running from src/ or from dist/). */
function findProjectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const defaultKnowledgeDir = join(projectRoot, 'knowledge');

/** The development seeds (../shared/seeds) when this checkout has them beside it. */
export function findSeedsDir(): string | undefined {
  const dir = resolve(projectRoot, '..', 'shared', 'seeds');
  return existsSync(dir) ? dir : undefined;
}
