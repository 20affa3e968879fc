// Checks the lookup parameters (q, region, limit) the same way for the HTTP API and the
// terminal: a bad value gives one bilingual "中文 / English" message, never an exception.
import { ERRORS } from '../http/errorMessages.js';
import type { Knowledge } from '../knowledge/types.js';
import { cleanText, toSimplified } from '../text/normalize.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from './search.js';

export const MAX_QUERY_LENGTH = 200;

/** The errors a lookup's parameters can have (the HTTP errors' table). */
export const LOOKUP_ERRORS = {
  ...ERRORS.lookup,
  queryTooLong: ERRORS.lookup.queryTooLong(MAX_QUERY_LENGTH),
  limit: ERRORS.lookup.limit(MAX_LIMIT),
} as const;

export interface LookupParams {
  q: string;
  region?: string;
  limit: number;
}

export type Parsed = { ok: true; params: LookupParams } | { ok: false; error: string };

/** A region id, name or alias (Simplified or Traditional) → its id. */
export function resolveRegion(k: Knowledge, text: string): string | undefined {
  const wanted = toSimplified(cleanText(text)).trim().toLowerCase();
  if (wanted === '') return undefined;
  if (k.regions.has(wanted)) return wanted;
  for (const r of k.regions.values()) {
    if (r.name === wanted || r.aliases.includes(wanted)) return r.id;
  }
  return undefined;
}

/** Raw values as they arrive (query string or command line): strings, arrays or nothing. */
export function parseLookupParams(
  k: Knowledge,
  raw: { q?: unknown; region?: unknown; limit?: unknown },
): Parsed {
  if (raw.q === undefined) return { ok: false, error: LOOKUP_ERRORS.queryMissing };
  if (typeof raw.q !== 'string') return { ok: false, error: LOOKUP_ERRORS.queryRepeated };
  const q = raw.q.trim();
  if (q === '') return { ok: false, error: LOOKUP_ERRORS.queryEmpty };
  if (Array.from(q).length > MAX_QUERY_LENGTH) return { ok: false, error: LOOKUP_ERRORS.queryTooLong };

  let region: string | undefined;
  if (raw.region !== undefined && raw.region !== '') {
    region = typeof raw.region === 'string' ? resolveRegion(k, raw.region) : undefined;
    if (!region) return { ok: false, error: LOOKUP_ERRORS.region };
  }

  let limit = DEFAULT_LIMIT;
  if (raw.limit !== undefined && raw.limit !== '') {
    const text = typeof raw.limit === 'string' ? raw.limit.trim() : '';
    if (!/^\d{1,3}$/.test(text)) return { ok: false, error: LOOKUP_ERRORS.limit };
    limit = Number(text);
    if (limit < 1 || limit > MAX_LIMIT) return { ok: false, error: LOOKUP_ERRORS.limit };
  }
  return { ok: true, params: { q, ...(region ? { region } : {}), limit } };
}
