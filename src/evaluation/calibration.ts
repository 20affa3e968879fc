// The calibration table of cross-validation: how often the best candidate is the asked entry,
// by band of its score and of its lead over the runner-up. The decision thresholds in
// knowledge/matcher.yaml (floor, confident, margin, strong) are chosen from it: answer only
// in bands where the best candidate is right with high probability.
import type { AskedCase } from './crossValidate.js';

export interface CalibrationCell {
  /** Lower edge of the band (inclusive); the band ends at the next edge. */
  scoreFrom: number;
  leadFrom: number;
  total: number;
  right: number;
  /** How many of these were answered, and how many of those wrongly. */
  answered: number;
  wrong: number;
}

export const SCORE_EDGES = [0, 0.26, 0.3, 0.34, 0.4, 0.47, 0.55];
export const LEAD_EDGES = [0, 0.02, 0.05, 0.1, 0.2];

/** The band an x falls in: index of the last edge ≤ x. */
function band(edges: number[], x: number): number {
  let i = 0;
  while (i + 1 < edges.length && x >= (edges[i + 1] as number)) i++;
  return i;
}

export function calibrate(
  cases: AskedCase[],
  scoreEdges: number[] = SCORE_EDGES,
  leadEdges: number[] = LEAD_EDGES,
): CalibrationCell[] {
  const cells = new Map<string, CalibrationCell>();
  for (const c of cases) {
    if (!c.top) continue;
    const s = band(scoreEdges, c.top.score);
    const l = band(leadEdges, c.top.lead);
    const key = `${s}/${l}`;
    const cell = cells.get(key) ?? {
      scoreFrom: scoreEdges[s] as number,
      leadFrom: leadEdges[l] as number,
      total: 0,
      right: 0,
      answered: 0,
      wrong: 0,
    };
    cell.total++;
    if (c.top.right) cell.right++;
    if (c.outcome === 'right' || c.outcome === 'wrong') cell.answered++;
    if (c.outcome === 'wrong') cell.wrong++;
    cells.set(key, cell);
  }
  return [...cells.values()].sort((a, b) => a.scoreFrom - b.scoreFrom || a.leadFrom - b.leadFrom);
}

/** The table as printed by `npm run eval -- --cv N`. */
export function formatCalibration(cells: CalibrationCell[]): string[] {
  const lines = ['calibration (best candidate right, by score band × lead band):'];
  lines.push('  score ≥  lead ≥    n   top right   answered  wrong');
  for (const c of cells) {
    const share = `${((100 * c.right) / c.total).toFixed(0)}%`;
    lines.push(
      `  ${c.scoreFrom.toFixed(2).padEnd(8)} ${c.leadFrom.toFixed(2).padEnd(6)} ${String(c.total).padStart(4)}   ${share.padStart(8)}   ${String(c.answered).padStart(8)}  ${String(c.wrong).padStart(5)}`,
    );
  }
  return lines;
}
