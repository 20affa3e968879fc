// npm run imports — the house as its imports draw it (tools/imports/importGraph.ts): rooms by
// floor with their size, the arrows between rooms, import circles, imports that run back up,
// and Bot Framework SDK imports outside the edges. Exits 1 when there is a circle, more than
// two upward imports, or the SDK where it must not be.
import '../src/cli/quietPipe.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/knowledge/paths.js';
import { analyzeImports, FLOORS, floorOf, roomOf, sdkOutsideEdges } from './imports/importGraph.js';

export const MAX_UPWARD = 2;

const report = analyzeImports(projectRoot);
const lines = (file: string) => readFileSync(join(projectRoot, file), 'utf8').split('\n').length;
const roomLines = new Map<string, number>();
for (const f of report.files) {
  const room = roomOf(f) ?? '?';
  roomLines.set(room, (roomLines.get(room) ?? 0) + lines(f));
}
const arrows = new Set(
  report.imports
    .map(({ from, to }) => [roomOf(from), roomOf(to)])
    .filter(([a, b]) => a && b && a !== b)
    .map(([a, b]) => `${a} → ${b}`),
);
console.log(
  `${report.files.length} files, ${roomLines.size} rooms on ${FLOORS.length} floors, ${arrows.size} arrows between rooms`,
);
for (const [i, floor] of FLOORS.entries())
  console.log(
    `  ${String(i + 1).padStart(2)}. ${floor.map((r) => `${r} (${roomLines.get(r) ?? 0})`).join('   ')}`,
  );
const sdk = sdkOutsideEdges(report);
console.log(`import circles: ${report.circles.length}`);
for (const c of report.circles) console.log(`  ${c.join(' ↔ ')}`);
console.log(
  `imports that run back up (or sideways on one floor): ${report.upward.length} (at most ${MAX_UPWARD})`,
);
for (const u of report.upward)
  console.log(
    `  ${u.from} → ${u.to}  (floor ${floorOf(roomOf(u.from) ?? '') + 1} → ${floorOf(roomOf(u.to) ?? '') + 1})`,
  );
console.log(`Bot Framework SDK outside its rooms: ${sdk.length}`);
for (const s of sdk) console.log(`  ${s.file} imports ${s.module}`);
if (report.homeless.length > 0) console.log(`files in no room: ${report.homeless.join(', ')}`);
const ok =
  report.circles.length === 0 &&
  report.upward.length <= MAX_UPWARD &&
  sdk.length === 0 &&
  report.homeless.length === 0;
process.exit(ok ? 0 : 1);
