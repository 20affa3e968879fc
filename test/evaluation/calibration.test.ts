import { describe, expect, it } from 'vitest';
import { calibrate, formatCalibration } from '../../src/evaluation/calibration.js';
import type { AskedCase } from '../../src/evaluation/crossValidate.js';

const asked = (score: number, lead: number, right: boolean, outcome: AskedCase['outcome']): AskedCase => ({
  entryId: 'a',
  question: `q${score}-${lead}`,
  outcome,
  got: [],
  top: { score, lead, right },
});

describe('calibrate', () => {
  it('groups the best candidates by score and lead band and counts how many were right', () => {
    const cells = calibrate(
      [
        asked(0.6, 0.3, true, 'right'),
        asked(0.58, 0.25, false, 'wrong'),
        asked(0.2, 0.01, false, 'fallback'),
        asked(0.36, 0.06, true, 'clarify-right'),
      ],
      [0, 0.3, 0.55],
      [0, 0.05, 0.2],
    );
    expect(cells).toEqual([
      { scoreFrom: 0, leadFrom: 0, total: 1, right: 0, answered: 0, wrong: 0 },
      { scoreFrom: 0.3, leadFrom: 0.05, total: 1, right: 1, answered: 0, wrong: 0 },
      { scoreFrom: 0.55, leadFrom: 0.2, total: 2, right: 1, answered: 2, wrong: 1 },
    ]);
  });

  it('skips questions with no candidate at all and prints one line per band', () => {
    const none: AskedCase = { entryId: 'a', question: 'q', outcome: 'fallback', got: [] };
    const cells = calibrate([none, asked(0.6, 0.3, true, 'right')]);
    expect(cells).toHaveLength(1);
    const lines = formatCalibration(cells);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('100%');
  });
});
