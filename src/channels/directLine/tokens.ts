// Direct Line tokens: a conversation token opens one conversation for one user until it
// expires (it can be refreshed); a stream token only opens that conversation's WebSocket
// and only for a minute. Tokens are JWTs signed with HMAC-SHA256 (key derived from the Direct
// Line secret), so any instance that shares the secret accepts them — no token table to
// share — and the client libraries can read the user id from the `user` claim as from Azure's.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenKind = 'conversation' | 'stream';

export interface TokenClaims {
  kind: TokenKind;
  conversationId: string;
  userId: string;
  /** Expiry, in seconds since the epoch. */
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/** The only header we issue or accept (no "alg" negotiation). */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const KIND_CODES: Record<TokenKind, string> = { conversation: 'c', stream: 's' };
/** How long a stream URL can be used to connect (as Azure's: 60 seconds). */
export const STREAM_TOKEN_SECONDS = 60;

/** A new conversation or user id: URL-safe, 22 characters of randomness. */
export function randomId(prefix = ''): string {
  return `${prefix}${randomBytes(16).toString('base64url')}`;
}

export class TokenService {
  private readonly key: Buffer;
  private readonly secretDigest: Buffer;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => Date,
  ) {
    this.key = createHash('sha256').update(`directline-token\n${secret}`).digest();
    this.secretDigest = createHash('sha256').update(secret).digest();
  }

  get expiresIn(): number {
    return this.ttlSeconds;
  }

  issue(kind: TokenKind, conversationId: string, userId: string): string {
    const seconds = kind === 'stream' ? STREAM_TOKEN_SECONDS : this.ttlSeconds;
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const claims = {
      knd: KIND_CODES[kind],
      conv: conversationId,
      user: userId,
      iat: issuedAt,
      exp: issuedAt + seconds,
    };
    const signed = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${signed}.${this.sign(signed)}`;
  }

  verify(token: string): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed' };
    const [header, body = '', signature = ''] = parts;
    const expected = Buffer.from(this.sign(`${header}.${body}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'signature' };
    const claims = parseClaims(body);
    if (!claims) return { ok: false, reason: 'malformed' };
    if (claims.expiresAt <= this.now().getTime() / 1000) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  /** Whether the bearer value is the Direct Line secret itself (constant-time). */
  isSecret(value: string): boolean {
    const digest = createHash('sha256').update(value).digest();
    return timingSafeEqual(digest, this.secretDigest);
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

function parseClaims(body: string): TokenClaims | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object') return undefined;
  const { knd, conv, user, exp } = raw as Record<string, unknown>;
  const kind = (Object.keys(KIND_CODES) as TokenKind[]).find((key) => KIND_CODES[key] === knd);
  if (!kind || typeof conv !== 'string' || typeof user !== 'string' || typeof exp !== 'number')
    return undefined;
  return { kind, conversationId: conv, userId: user, expiresAt: exp };
}
