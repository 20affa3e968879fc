// Property tests of the normalizer: any text, however broken, comes out well-formed and
// clean, and ID-card and mobile numbers never survive into what is logged or matched.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, normalize } from '../../src/text/normalize.js';
import { ID_MASK, maskPii, PHONE_MASK } from '../../src/text/pii.js';
import { hanChar, hostileText, idCard, mobile } from './arbitraries.js';

const RUNS = { numRuns: 300 };
/** A character that ends a digit run whatever surrounds it (survives NFKC as a non-digit). */
const boundary = fc.oneof(
  hanChar.filter((c) => !/[0-9０-９]/.test(c.normalize('NFKC'))),
  fc.constantFrom(' ', '，', ':', '号'),
);
/** Context around a number: hostile text that never touches it directly. */
const around = fc.tuple(hostileText(30), boundary, boundary, hostileText(30));
/** How people write an ID: plain, grouped 6-8-4, full-width digits. */
const idWritten = fc.oneof(
  idCard,
  idCard.map((id) => `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`),
  idCard.map((id) => id.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))),
);
const mobileWritten = fc.oneof(
  mobile,
  mobile.map((m) => `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`),
  mobile.map((m) => `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`),
  mobile.map((m) => `+86 ${m}`),
  mobile.map((m) => m.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))),
);
const digitsOf = (s: string) => s.normalize('NFKC').replace(/[^0-9]/g, '');

describe('normalize never throws and returns well-formed, clean text', () => {
  it('for any string (lone surrogates, controls, emoji, any code point)', () => {
    fc.assert(
      fc.property(hostileText(200), (raw) => {
        const n = normalize(raw);
        for (const s of [n.masked, n.text, ...n.sentences]) expect(s.isWellFormed()).toBe(true);
        // Matching text: no controls, no format characters, no emoji, single spaces, trimmed.
        expect(n.text).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Extended_Pictographic}]/u);
        expect(n.text).not.toMatch(/ {2}|^ | $/);
        expect(n.text).toBe(n.sentences.join(' '));
        expect(n.sentences.every((s) => s.length > 0)).toBe(true);
        expect(typeof n.traditional).toBe('boolean');
      }),
      RUNS,
    );
  });

  it('cleanText keeps only tab, line feed and carriage return among control characters', () => {
    fc.assert(
      fc.property(hostileText(200), (raw) => {
        const clean = cleanText(raw);
        expect(clean.isWellFormed()).toBe(true);
        expect(clean).not.toMatch(/(?![\t\n\r])[\p{Cc}\p{Cf}]/u);
      }),
      RUNS,
    );
  });

  it('masking is idempotent', () => {
    fc.assert(
      fc.property(hostileText(120), (raw) => {
        const once = maskPii(cleanText(raw));
        expect(maskPii(once)).toBe(once);
      }),
      RUNS,
    );
  });
});

describe('ID-card and mobile numbers are masked wherever they appear', () => {
  it('an 18-digit ID number (plain, grouped, full-width) never survives', () => {
    fc.assert(
      fc.property(idWritten, around, (id, [before, b1, b2, after]) => {
        const n = normalize(`${before}${b1}${id}${b2}${after}`);
        const digits = digitsOf(id);
        expect(n.masked).toContain(ID_MASK);
        expect(n.masked.replace(/[\s-]/g, '')).not.toContain(digits.slice(0, 17));
        expect(n.text.replace(/[\s-]/g, '')).not.toContain(digits.slice(0, 17));
      }),
      RUNS,
    );
  });

  it('an 11-digit mobile number (plain, 3-4-4, +86, full-width) never survives', () => {
    fc.assert(
      fc.property(mobileWritten, around, (m, [before, b1, b2, after]) => {
        const n = normalize(`${before}${b1}${m}${b2}${after}`);
        const digits = digitsOf(m).slice(-11);
        expect(n.masked).toContain(PHONE_MASK);
        expect(n.masked.replace(/[\s-]/g, '')).not.toContain(digits);
        expect(n.text.replace(/[\s-]/g, '')).not.toContain(digits);
      }),
      RUNS,
    );
  });

  // Found by the property above: the lookahead after an ID excluded letters, so a grouped ID
  // followed by a letter (Ａ, a, X) was not masked at all.
  it.each(['110101 19900307 1234Ａ', '110101-19900307-123Xab', '110101199003071234abc'])(
    'an ID followed by letters is masked: %s',
    (raw) => {
      const masked = normalize(`身份证${raw}`).masked;
      expect(masked.startsWith(`身份证${ID_MASK}`)).toBe(true);
      expect(masked).not.toMatch(/[0-9]/);
    },
  );

  it('several numbers in one message are all masked', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(idWritten, mobileWritten), { minLength: 2, maxLength: 5 }), (numbers) => {
        const masked = maskPii(cleanText(numbers.join('，我的号码是')));
        for (const x of numbers) expect(masked.replace(/[\s-]/g, '')).not.toContain(digitsOf(x).slice(-11));
      }),
      RUNS,
    );
  });
});
