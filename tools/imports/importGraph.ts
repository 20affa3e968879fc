// The architecture as the code's own imports show it: every source file belongs to a room
// (a folder under src/, a top-level file of src/, dialogs/, tools/), rooms stand on floors,
// and an import should only run down. Computed from the files themselves (TypeScript's own
// import scanner: static, type-only and dynamic imports alike): the import circles between
// files, the imports that run back up (or sideways between rooms of one floor), and the
// Bot Framework SDK imports outside the rooms allowed to have them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Top to bottom: a room may import the rooms on the floors below its own. */
export const FLOORS: readonly (readonly string[])[] = [
  ['src/main.ts'],
  ['src/server.ts', 'tools'],
  ['src/cli'],
  ['src/app.ts', 'src/channels'],
  ['src/conversation'],
  ['dialogs'],
  ['src/assistant', 'src/lookup'],
  ['src/answers'],
  ['src/rules', 'src/evaluation'],
  ['src/matcher', 'src/report'],
  ['src/storage', 'src/knowledge', 'src/http'],
  ['src/calendar.ts', 'src/text', 'src/config.ts'],
];

/** The rooms that may import the Bot Framework SDK (archived by Microsoft: keep it at the edges). */
export const SDK_ROOMS: readonly string[] = [
  'src/app.ts',
  'src/channels',
  'src/conversation',
  'dialogs',
  'src/storage',
  'tools',
];
const SDK = /^botbuilder(?:-[a-z]+)?(?:\/|$)/;

/** Where the product and its tools live (tests are not part of the house). */
const ROOTS = ['src', 'dialogs', 'tools'];

export interface Import {
  from: string;
  to: string;
}

export interface ImportReport {
  files: string[];
  /** Imports between files of the house. */
  imports: Import[];
  /** Imports of the Bot Framework SDK, by importing file. */
  sdkImports: Array<{ file: string; module: string }>;
  /** Groups of files that import each other in a circle. */
  circles: string[][];
  /** Imports from a room to one on its own floor or above. */
  upward: Import[];
  /** Files in no room of FLOORS. */
  homeless: string[];
}

function sourceFiles(root: string, dir: string): string[] {
  const path = join(root, dir);
  try {
    if (!statSync(path).isDirectory()) return [];
  } catch {
    return [];
  }
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(root, rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** The room of a file: its top-level file or folder under src/, or dialogs/ or tools/. */
export function roomOf(file: string): string | undefined {
  const parts = file.split('/');
  const room =
    parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : parts[0] === 'src' ? file : parts[0];
  return FLOORS.some((floor) => floor.includes(room ?? '')) ? room : undefined;
}

export function floorOf(room: string): number {
  return FLOORS.findIndex((floor) => floor.includes(room));
}

/** The import graph of the checkout at `root` and what is wrong with it. */
export function analyzeImports(root: string): ImportReport {
  const files = ROOTS.flatMap((dir) => sourceFiles(root, dir)).sort();
  const known = new Set(files);
  const imports: Import[] = [];
  const sdkImports: ImportReport['sdkImports'] = [];
  for (const file of files) {
    const scanned = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    for (const { fileName } of scanned.importedFiles) {
      if (SDK.test(fileName)) sdkImports.push({ file, module: fileName });
      if (!fileName.startsWith('.')) continue;
      const target = relative(root, resolve(root, dirname(file), fileName)).replace(/\.js$/, '.ts');
      if (known.has(target)) imports.push({ from: file, to: target });
    }
  }
  const upward = imports.filter(({ from, to }) => {
    const a = roomOf(from);
    const b = roomOf(to);
    return a !== undefined && b !== undefined && a !== b && floorOf(b) <= floorOf(a);
  });
  return {
    files,
    imports,
    sdkImports,
    circles: circlesOf(files, imports),
    upward,
    homeless: files.filter((f) => roomOf(f) === undefined),
  };
}

/** Strongly connected groups of more than one file (Tarjan), and files that import themselves. */
function circlesOf(files: string[], imports: Import[]): string[][] {
  const next = new Map(files.map((f) => [f, [] as string[]]));
  for (const { from, to } of imports) next.get(from)?.push(to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w);
      group.push(w);
      if (w === v) break;
    }
    if (group.length > 1 || next.get(v)?.includes(v)) circles.push(group.sort());
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return circles;
}

/** Bot Framework SDK imports in rooms that must stay free of it. */
export function sdkOutsideEdges(report: ImportReport): ImportReport['sdkImports'] {
  return report.sdkImports.filter(({ file }) => !SDK_ROOMS.includes(roomOf(file) ?? ''));
}
