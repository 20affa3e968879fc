// The architecture the README draws, measured from the code's imports (tools/imports/
// importGraph.ts; `npm run imports` prints the picture): no import circles, at most two
// imports that run back up, the Bot Framework SDK only at the edges, and the product never
// depends on its tools.
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/knowledge/paths.js';
import { analyzeImports, roomOf, sdkOutsideEdges } from '../../tools/imports/importGraph.js';

const report = analyzeImports(projectRoot);
const line = ({ from, to }: { from: string; to: string }) => `${from} → ${to}`;

describe('the import graph', () => {
  it('sees the whole house', () => {
    expect(report.files.length).toBeGreaterThan(100);
    expect(report.imports.length).toBeGreaterThan(300);
  });

  it('every file is in a room of the floor plan', () => {
    expect(report.homeless).toEqual([]);
  });

  it('has no import circles', () => {
    expect(report.circles).toEqual([]);
  });

  it('has at most two imports that run back up (or sideways between rooms of one floor)', () => {
    expect(report.upward.map(line).length, report.upward.map(line).join('\n')).toBeLessThanOrEqual(2);
  });

  it('keeps the Bot Framework SDK out of matcher, rules, knowledge, answers, assistant and text', () => {
    expect(sdkOutsideEdges(report)).toEqual([]);
    const core = ['src/matcher', 'src/rules', 'src/knowledge', 'src/answers', 'src/assistant', 'src/text'];
    expect(report.sdkImports.filter(({ file }) => core.includes(roomOf(file) ?? ''))).toEqual([]);
  });

  it('the product (src/, dialogs/) never imports the tools: the build compiles it alone', () => {
    const product = (f: string) => f.startsWith('src/') || f.startsWith('dialogs/');
    expect(report.imports.filter((i) => product(i.from) && i.to.startsWith('tools/')).map(line)).toEqual([]);
  });
});
