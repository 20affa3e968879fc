// The chat page: web/index.html with a fresh CSP nonce (Web Chat puts its styles in <style>
// elements carrying that nonce) and the current asset hashes, sent with security headers.
// Scripts only from this origin; connections only to this origin (and Azure when it serves
// Direct Line); framing only by the sites in WEBCHAT_FRAME_ANCESTORS.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Asset } from './assets.js';
import { WEB_DIR } from './assets.js';

export interface PageOptions {
  frameAncestors: string;
  /** Extra connect-src origins (Azure Direct Line's https and wss). */
  connect: string[];
  assets: Record<string, Asset>;
}

const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$/;
/**
 * Web Chat 4.18 gives its nonce to its own styles but not to react-scroll-to-bottom's, whose
 * <style> element is created empty and filled through CSSOM (which CSP does not restrict).
 * Allowing exactly the empty stylesheet lets that element in; nothing with content is allowed.
 */
const EMPTY_STYLE_HASH = `sha256-${createHash('sha256').update('').digest('base64')}`;

export class ChatPage {
  private readonly template: string;

  constructor(private readonly options: PageOptions) {
    const html = readFileSync(join(WEB_DIR, 'index.html'), 'utf8');
    // Asset links get their hash once; the nonce is filled in per request.
    this.template = html.replace(
      /\{\{hash:([\w.-]+)\}\}/g,
      (_, name: string) => options.assets[name]?.hash ?? '0',
    );
  }

  send(request: FastifyRequest, reply: FastifyReply) {
    const nonce = randomBytes(16).toString('base64');
    const host = request.headers.host && HOST.test(request.headers.host) ? request.headers.host : undefined;
    const connect = ["'self'", ...(host ? [`ws://${host}`, `wss://${host}`] : []), ...this.options.connect];
    const csp = [
      "default-src 'none'",
      "script-src 'self'",
      `style-src 'self' 'nonce-${nonce}' '${EMPTY_STYLE_HASH}'`,
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      `connect-src ${connect.join(' ')}`,
      "base-uri 'none'",
      "form-action 'none'",
      `frame-ancestors ${this.options.frameAncestors}`,
    ].join('; ');
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', csp)
      .header('cache-control', 'no-store')
      .header('cross-origin-opener-policy', 'same-origin')
      .header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    // X-Frame-Options cannot name other sites: send it only when framing is same-origin only.
    if (this.options.frameAncestors === "'self'") reply.header('x-frame-options', 'SAMEORIGIN');
    if (this.options.frameAncestors === "'none'") reply.header('x-frame-options', 'DENY');
    return reply.send(this.template.replaceAll('{{nonce}}', nonce));
  }
}
