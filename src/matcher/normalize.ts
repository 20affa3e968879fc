// Step 1 of the matcher pipeline: make any user text comparable and safe to log.
// Traditional → Simplified, full-width → half-width, lower case, emoji and control
// characters removed, and ID-card / phone numbers masked before anything else sees them.
import * as OpenCC from 'opencc-js';

const toSimplifiedConverter = OpenCC.Converter({ from: 't', to: 'cn' });

export const ID_MASK = '[身份证号]';
export const PHONE_MASK = '[手机号]';

// 18-digit (last may be X) or 15-digit resident ID numbers, also written with spaces.
const ID_CARD =
  /(?<![0-9])(?:\d{6}[ -]?\d{8}[ -]?\d{3}[0-9xX]|\d{6}[ -]?\d{4}[ -]?\d{4}[ -]?\d{3}[0-9xX]|\d{15})(?![0-9])/g;
// Mainland mobiles (optionally +86), also written 138 1234 5678 / 138-1234-5678.
const MOBILE = /(?<![0-9])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![0-9])/g;
// Landlines with an area code (0xx-xxxxxxxx). Seven-digit office numbers without an area
// code stay readable: they are the public filing lines people ask about.
const LANDLINE = /(?<![0-9])(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3})[ -]?\d{7,8}(?![0-9])/g;
// Long digit runs (bank cards, social-security card numbers) are masked too.
const LONG_DIGITS = /(?<![0-9])\d{16,19}(?![0-9])/g;

// Pictographs, regional-indicator flags, and the joiners/selectors that glue emoji sequences.
const EMOJI = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\u{FE0F}|\u{200D}|\u{20E3}/gu;
// C0/C1 controls and other invisible format characters, except ordinary whitespace
// (a line break still ends a sentence).
const CONTROL = /(?![\n\r\t])[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu;
const SENTENCE_END = /[。？！?!；;\n]+/;
const PUNCT = /[\p{P}\p{S}]+/gu;

/** Mask ID-card and phone numbers. Used for logs and stored transcripts as well. */
export function maskPii(text: string): string {
  return text
    .replace(ID_CARD, ID_MASK)
    .replace(MOBILE, PHONE_MASK)
    .replace(LANDLINE, PHONE_MASK)
    .replace(LONG_DIGITS, ID_MASK);
}

export function toSimplified(text: string): string {
  return toSimplifiedConverter(text);
}

const HAN = /\p{Script=Han}/u;

/** True when the text is written in Traditional characters (enough characters change). */
export function isTraditional(text: string): boolean {
  const simplified = toSimplified(text);
  let han = 0;
  let changed = 0;
  const a = Array.from(text);
  const b = Array.from(simplified);
  if (a.length !== b.length) return simplified !== text;
  for (let i = 0; i < a.length; i++) {
    if (!HAN.test(a[i] ?? '')) continue;
    han++;
    if (a[i] !== b[i]) changed++;
  }
  return changed >= 2 || (changed === 1 && han <= 8);
}

export interface Normalized {
  /** The user's text with PII masked and invalid characters removed (safe to log). */
  masked: string;
  /** Simplified, half-width, lower-case, no emoji/punctuation; single spaces. */
  text: string;
  /** `text` split at sentence ends (。？！；…), for messages that ask several things. */
  sentences: string[];
  traditional: boolean;
}

/** Remove lone surrogates, controls and emoji; NFKC folds full-width forms to half-width. */
export function cleanText(raw: string): string {
  return raw
    .toWellFormed()
    .replace(/\uFFFD/g, '')
    .normalize('NFKC')
    .replace(CONTROL, ' ')
    .replace(EMOJI, ' ');
}

export function normalize(raw: string): Normalized {
  const cleaned = cleanText(raw);
  const masked = maskPii(cleaned)
    .replace(/[ \t\u3000]+/g, ' ')
    .trim();
  const traditional = isTraditional(masked);
  // Masked numbers carry no meaning for matching ("身份证号" would match materials entries).
  const simplified = toSimplified(masked.split(ID_MASK).join(' ').split(PHONE_MASK).join(' ')).toLowerCase();
  const sentences = simplified
    .split(SENTENCE_END)
    .map((s) => s.replace(PUNCT, ' ').replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  return { masked, text: sentences.join(' '), sentences, traditional };
}

/** Compact form for comparing two texts (duplicate paraphrases, quote look-up). */
export function compact(text: string): string {
  return toSimplified(cleanText(text)).toLowerCase().replace(PUNCT, '').replace(/\s+/g, '');
}
