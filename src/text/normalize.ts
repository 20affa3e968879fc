// Make any user text comparable and safe to log (step 1 of the matcher pipeline, and what
// the knowledge checks, the turn log and the channels compare texts with): Traditional →
// Simplified, full-width → half-width, lower case, emoji and control characters removed, and
// ID-card / phone numbers masked (pii.ts) before anything else sees them.
import * as OpenCC from 'opencc-js';
import { ID_MASK, maskPii, PHONE_MASK } from './pii.js';

const toSimplifiedConverter = OpenCC.Converter({ from: 't', to: 'cn' });

// Pictographs, regional-indicator flags, and the joiners/selectors that glue emoji sequences.
const EMOJI = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\u{FE0F}|\u{200D}|\u{20E3}/gu;
// C0/C1 controls and other invisible format characters, except ordinary whitespace
// (a line break still ends a sentence).
const CONTROL = /(?![\n\r\t])[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu;
const SENTENCE_END = /[。？！?!；;\n]+/;
const PUNCT = /[\p{P}\p{S}]+/gu;

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
