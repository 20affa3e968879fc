// The report's period as days in Beijing time ('YYYY-MM-DD', until inclusive) → the half-open
// range of milliseconds [since, until) the turn log is read with. Shared by the report page's
// routes; bad values give one bilingual message, never an exception.
import { isValidDate, shanghaiDate } from '../calendar.js';
import { ERRORS } from '../http/errorMessages.js';

const SHANGHAI_MS = 8 * 3600_000;
export const DAY_MS = 86_400_000;
/** The longest period one request may read (the page's charts stay legible). */
export const MAX_PERIOD_DAYS = 366;
/** Without `since`: the last 30 days including today. */
export const DEFAULT_PERIOD_DAYS = 30;

export interface Period {
  since: number;
  until: number;
  /** The days as given (or defaulted), for the page. */
  days: { since: string; until: string };
}

/** Midnight (Beijing time) starting the given day, or undefined when it is not a date. */
export function shanghaiDayStart(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - SHANGHAI_MS;
}

/** The Beijing-time day of an instant. */
export const shanghaiDay = (ms: number): string => shanghaiDate(new Date(ms));

export function parsePeriod(
  raw: { since?: unknown; until?: unknown },
  now: Date,
): { ok: true; period: Period } | { ok: false; error: string } {
  const day = (name: 'since' | 'until', fallback: string) => {
    const value = raw[name];
    if (value === undefined || value === '') return { text: fallback, start: shanghaiDayStart(fallback) };
    if (typeof value !== 'string') return { error: ERRORS.report.repeated(name) };
    const start = shanghaiDayStart(value.trim());
    return start === undefined ? { error: ERRORS.report.day(name) } : { text: value.trim(), start };
  };
  const today = shanghaiDate(now);
  const until = day('until', today);
  if ('error' in until) return { ok: false, error: until.error as string };
  const untilStart = until.start as number;
  const since = day('since', shanghaiDay(untilStart - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS));
  if ('error' in since) return { ok: false, error: since.error as string };
  const sinceStart = since.start as number;
  if (untilStart < sinceStart) return { ok: false, error: ERRORS.report.order };
  if ((untilStart - sinceStart) / DAY_MS + 1 > MAX_PERIOD_DAYS)
    return { ok: false, error: ERRORS.report.tooLong(MAX_PERIOD_DAYS) };
  return {
    ok: true,
    period: {
      since: sinceStart,
      until: untilStart + DAY_MS,
      days: { since: since.text, until: until.text },
    },
  };
}
