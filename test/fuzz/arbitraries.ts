// Hostile and domain-flavoured text for the property tests: any code point, lone
// surrogates, control and format characters, emoji sequences, Chinese, the knowledge base's
// own words (places, question fragments, dates, durations), ID-card and mobile numbers.
import fc from 'fast-check';
import type { Knowledge } from '../../src/knowledge/types.js';

/** A lone (unpaired) surrogate code unit. */
export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** C0/C1 controls, DEL, zero-width and bidi format characters, BOM, replacement char. */
export const controlChar = fc
  .oneof(
    fc.integer({ min: 0, max: 0x1f }),
    fc.integer({ min: 0x7f, max: 0x9f }),
    fc.constantFrom(
      0x200b,
      0x200c,
      0x200d,
      0x200e,
      0x200f,
      0x202a,
      0x202e,
      0x2066,
      0x2069,
      0xfeff,
      0xfffd,
      0xfffe,
    ),
  )
  .map((c) => String.fromCharCode(c));
export const emoji = fc.constantFrom(
  '😀',
  '👨‍👩‍👧‍👦',
  '🇨🇳',
  '1️⃣',
  '❤️',
  '🏥',
  '👍🏽',
  '🧑‍⚕️',
  '\u{1F600}\u{FE0F}',
  '\u{E0067}',
);
/** CJK Unified Ideographs, extension B, full-width forms, CJK punctuation. */
export const hanChar = fc
  .oneof(
    fc.integer({ min: 0x4e00, max: 0x9fff }),
    fc.integer({ min: 0x20000, max: 0x2a6df }),
    fc.integer({ min: 0xff01, max: 0xff5e }),
    fc.integer({ min: 0x3000, max: 0x303f }),
  )
  .map((c) => String.fromCodePoint(c));

/** Any single unit of hostile text. */
export const hostileUnit = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 2, arbitrary: controlChar },
  { weight: 1, arbitrary: emoji },
  { weight: 3, arbitrary: hanChar },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

export const hostileText = (maxLength = 60) => fc.string({ unit: hostileUnit, maxLength });

/** An 18-digit resident ID number (17 digits and a digit or X). */
export const idCard = fc
  .tuple(fc.stringMatching(/^[1-8]\d{16}$/), fc.constantFrom(...'0123456789Xx'))
  .map(([a, b]) => a + b);
/** A mainland mobile number. */
export const mobile = fc.stringMatching(/^1[3-9]\d{9}$/);

/** Words the matcher and the entity extractor react to, mixed with the knowledge base's own. */
export function domainUnit(k: Knowledge) {
  const places = [...k.regions.values()].flatMap((r) => [r.name, ...r.aliases]);
  const fragments = k.entries.flatMap((e) => [e.question.slice(0, 6), e.question.slice(4, 12)]);
  const facts = [
    '前天住院',
    '11月20日',
    '2026年12月1日',
    '11.20',
    '住院第三天',
    '还在住院',
    '已经出院了',
    '半年',
    '6个月',
    '一年多',
    '户口迁了',
    '退休',
    '异地安置',
    '常驻',
    '出差',
    '急诊',
    '转诊',
    '学生',
    '务工',
    '取消',
    '重新开始',
    '帮助',
    '是',
    '不是',
    '1',
    '第二个',
    '？',
    '。',
    '\n',
    '我是',
    '参保',
    '在',
    '去',
  ];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...places) },
    { weight: 3, arbitrary: fc.constantFrom(...fragments) },
    { weight: 4, arbitrary: fc.constantFrom(...facts) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 10000 }).map(String) },
    { weight: 2, arbitrary: hostileUnit },
  );
}

export const domainText = (k: Knowledge, maxLength = 12) => fc.string({ unit: domainUnit(k), maxLength });

/** A date-time within about ±30 years of 2026. */
export const instant = fc.date({
  min: new Date('1995-01-01T00:00:00Z'),
  max: new Date('2060-12-31T23:59:59Z'),
  noInvalidDate: true,
});

export const WELL_FORMED = (s: string) => s.isWellFormed();
