// Is a form POST from one of our own pages? Login and logout must not be triggered by
// another site (login CSRF, forced logout). Browsers say where a request comes from in
// Sec-Fetch-Site, older ones in Origin; a request with neither (curl, scripts) is not a
// browser's cross-site request and is let through.
import type { FastifyRequest } from 'fastify';

export function isSameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  // "null": an opaque origin (a sandboxed frame, a data: URL) — never ours.
  return origin === `${request.protocol}://${request.host}`;
}
