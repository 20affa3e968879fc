// Optional access control of the staff lookup (STAFF_TOKEN): a request is let in with
// `Authorization: Bearer <token>` or with the session cookie the login form sets. The cookie
// holds an expiry time, a random session id and an HMAC of both keyed with the token, so it
// reveals nothing about the token, cannot be forged or extended, and every session ends when
// the token changes. Logging out ends that session for good: its id is kept in the shared
// claim store (every instance sees it) until the session would have expired anyway.
// All comparisons are constant-time.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { type ClaimStore, MemoryClaimStore } from '../storage/claims/claimStore.js';

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

/** A valid session cookie's parts. */
interface Session {
  expires: number;
  id: string;
}

export class StaffAuth {
  /** Sessions ended here, for when the shared store is away. */
  private readonly endedHere = new MemoryClaimStore();

  constructor(
    private readonly token: string,
    private readonly now: () => number = Date.now,
    /** Where ended sessions are kept (shared by every instance); default this instance's memory. */
    private readonly ended: ClaimStore = new MemoryClaimStore(),
  ) {}

  checkToken(candidate: string): boolean {
    return safeEqual(candidate, this.token);
  }

  private sign(expires: number, id: string): string {
    return createHmac('sha256', this.token).update(`yidi-staff-session:${expires}:${id}`).digest('base64url');
  }

  /** A new session cookie value: "<expiry seconds>.<session id>.<HMAC>". */
  issueSession(): string {
    const expires = Math.floor(this.now() / 1000) + SESSION_SECONDS;
    const id = randomBytes(12).toString('base64url');
    return `${expires}.${id}.${this.sign(expires, id)}`;
  }

  /** The session of a cookie value that is signed by us and not expired. */
  private sessionOf(value: string | undefined): Session | undefined {
    const m = /^(\d{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
    if (!m) return undefined;
    const expires = Number(m[1]);
    const id = m[2] ?? '';
    // Verify the signature first (constant-time), then the expiry.
    const valid = safeEqual(m[3] ?? '', this.sign(expires, id));
    return valid && expires > Math.floor(this.now() / 1000) ? { expires, id } : undefined;
  }

  /** A valid session that was not ended by a logout. */
  async checkSession(value: string | undefined): Promise<boolean> {
    const session = this.sessionOf(value);
    if (!session) return false;
    const key = { id: `staff/ended/${session.id}` };
    if ((await this.endedHere.get(key)) !== undefined) return false;
    try {
      return (await this.ended.get(key)) === undefined;
    } catch {
      return true; // the shared store is away: sessions ended on other instances wait for it
    }
  }

  /** Logout: the session of this cookie value can never be used again. */
  async endSession(value: string | undefined): Promise<void> {
    const session = this.sessionOf(value);
    if (!session) return;
    const key = { id: `staff/ended/${session.id}` };
    const ttlMs = (session.expires - Math.floor(this.now() / 1000) + 1) * 1000;
    await this.endedHere.set(key, '1', ttlMs);
    await this.ended.set(key, '1', ttlMs).catch(() => undefined);
  }

  /** True for a valid Bearer token or a valid session cookie. */
  async allows(request: FastifyRequest): Promise<boolean> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
      if (m && this.checkToken(m[1] ?? '')) return true;
    }
    return this.checkSession(readCookie(request.headers.cookie, SESSION_COOKIE));
  }

  /** Set-Cookie that removes the session cookie (logout). */
  clearedCookie(secure: boolean): string {
    return [
      `${SESSION_COOKIE}=`,
      'Path=/',
      'Max-Age=0',
      'HttpOnly',
      'SameSite=Strict',
      ...(secure ? ['Secure'] : []),
    ].join('; ');
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
