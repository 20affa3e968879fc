// Optional access control of the staff lookup (STAFF_TOKEN): a request is let in with
// `Authorization: Bearer <token>` or with the session cookie the login form sets. The cookie
// holds an expiry time and an HMAC of it keyed with the token, so it reveals nothing about
// the token, cannot be forged or extended, and every session ends when the token changes.
// All comparisons are constant-time.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'yidi_staff';
/** How long a login lasts (one working day with margin). */
export const SESSION_SECONDS = 12 * 60 * 60;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Constant-time equality of two strings of any length (compares their SHA-256 digests). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export class StaffAuth {
  constructor(
    private readonly token: string,
    private readonly now: () => number = Date.now,
  ) {}

  checkToken(candidate: string): boolean {
    return safeEqual(candidate, this.token);
  }

  private sign(expires: number): string {
    return createHmac('sha256', this.token).update(`yidi-staff-session:${expires}`).digest('base64url');
  }

  /** A new session cookie value: "<expiry seconds>.<HMAC>". */
  issueSession(): string {
    const expires = Math.floor(this.now() / 1000) + SESSION_SECONDS;
    return `${expires}.${this.sign(expires)}`;
  }

  checkSession(value: string | undefined): boolean {
    const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
    if (!m) return false;
    const expires = Number(m[1]);
    // Verify the signature first (constant-time), then the expiry.
    const valid = safeEqual(m[2] ?? '', this.sign(expires));
    return valid && expires > Math.floor(this.now() / 1000);
  }

  /** True for a valid Bearer token or a valid session cookie. */
  allows(request: FastifyRequest): boolean {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
      if (m && this.checkToken(m[1] ?? '')) return true;
    }
    return this.checkSession(readCookie(request.headers.cookie, SESSION_COOKIE));
  }

  /** Set-Cookie for a fresh session (Secure when the request came over HTTPS). */
  sessionCookie(secure: boolean): string {
    return [
      `${SESSION_COOKIE}=${this.issueSession()}`,
      'Path=/',
      `Max-Age=${SESSION_SECONDS}`,
      'HttpOnly',
      'SameSite=Strict',
      ...(secure ? ['Secure'] : []),
    ].join('; ');
  }
}
