// ID-card, phone and card numbers masked before a text is logged, stored or matched: the
// assistant never keeps a citizen's raw numbers.
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

/** Mask ID-card and phone numbers. Used for logs and stored transcripts as well. */
export function maskPii(text: string): string {
  return text
    .replace(ID_CARD, ID_MASK)
    .replace(MOBILE, PHONE_MASK)
    .replace(LANDLINE, PHONE_MASK)
    .replace(LONG_DIGITS, ID_MASK);
}

/**
 * A user's text as written, for storage (Direct Line transcripts): full-width digits
 * (１３９…) read as digits, then masked like maskPii — so no spelling of a number survives.
 */
export function maskForStorage(text: string): string {
  return maskPii(text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));
}
