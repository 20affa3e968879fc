// The sound-alike corrector remembers runs it corrected (issue 14): asked again, the same
// text comes back with the same fixes, each reported once per call.
import { describe, expect, it } from 'vitest';
import { PinyinCorrector } from '../../src/matcher/pinyinCorrect.js';

describe('a corrected run asked again', () => {
  const corrector = new PinyinCorrector(['邢台', '备案', '江门']);
  it.each([1, 2, 3])('call %i: 形台 → 邢台, 备安 → 备案, with two fixes', () => {
    const r = corrector.correct('形台 备安怎么办');
    expect(r.text).toBe('邢台 备案怎么办');
    expect(r.fixes).toEqual([
      { from: '形台', to: '邢台' },
      { from: '备安', to: '备案' },
    ]);
  });

  it('a caller changing the fixes it got does not change the next answer', () => {
    corrector.correct('形台医保').fixes.length = 0;
    expect(corrector.correct('形台医保').fixes).toEqual([{ from: '形台', to: '邢台' }]);
  });
});
