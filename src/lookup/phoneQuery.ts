// Phone numbers as callers read them out (0750-6102028, 0750 6102028, (0750)6102028,
// 07506102028, 610 2028) → the bare office number of the phone table (6102028). Only
// numbers that are in knowledge/contacts.yaml are rewritten: they are public office lines,
// so the query stays readable in logs. Any other landline keeps its area code and is masked
// downstream like every citizen's number (src/text/pii.ts).
import type { Knowledge } from '../knowledge/types.js';

const AREA = String.raw`(?:[(（]\s*0\d{2,3}\s*[)）]|0\d{2,3})`;
const SEP = String.raw`[\s\-－—–]*`;
const LOCAL = String.raw`\d{3,4}[\s\-－—–]?\d{3,4}`;
const NUMBER = new RegExp(String.raw`(?<!\d)(?:${AREA}${SEP})?${LOCAL}(?!\d)`, 'g');

/** Every filing and consultation number of the phone tables. */
export function officeNumbers(k: Knowledge): Set<string> {
  return new Set(k.contacts.flatMap((t) => t.rows.flatMap((r) => [r.filing, r.consult])));
}

/** The query with each spelling of a known office number replaced by the bare number. */
export function readPhoneNumbers(query: string, known: ReadonlySet<string>): string {
  const ascii = query.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return ascii.replace(NUMBER, (match) => {
    const digits = match.replace(/\D/g, '');
    // The area code is 3 or 4 digits with its 0 (020, 0750); without one, the number itself.
    const local = [digits, digits.slice(3), digits.slice(4)].find(
      (d, i) => known.has(d) && (i === 0 || digits.startsWith('0')),
    );
    return local ?? match;
  });
}
