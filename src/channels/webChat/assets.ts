// Static files of the chat page, held in memory: the page's own files from web/ and Web Chat's
// bundle from the installed botframework-webchat package (no CDN). Each has a content hash:
// the page links `?v=<hash>`, and such a request may be cached for a year; gzip and brotli
// versions are made once, in the background, off the event loop.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlib } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { projectRoot } from '../../knowledge/paths.js';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export const WEB_DIR = join(projectRoot, 'web');
const YEAR = 31536000;

export interface Asset {
  body: Buffer;
  type: string;
  hash: string;
  /** Seconds a browser may keep it when asked for without the current `?v=`. */
  maxAge: number;
  gzip?: Promise<Buffer>;
  br?: Promise<Buffer>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Web Chat's browser bundle in the installed package: the minimal build or the full one. */
export function webChatBundlePath(bundle: 'minimal' | 'full'): string {
  const main = createRequire(import.meta.url).resolve('botframework-webchat');
  let dir = dirname(main);
  while (!dir.endsWith('botframework-webchat') && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', bundle === 'full' ? 'webchat.js' : 'webchat-minimal.js');
}

/** Loaded once per process: every server built in it (tests build several) shares the work. */
const loaded = new Map<string, Asset>();

export function loadAsset(path: string, maxAge = 300): Asset {
  const key = `${path}|${maxAge}`;
  const known = loaded.get(key);
  if (known) return known;
  const body = readFileSync(path);
  const ext = path.slice(path.lastIndexOf('.'));
  const asset: Asset = {
    body,
    type: TYPES[ext] ?? 'application/octet-stream',
    hash: createHash('sha256').update(body).digest('hex').slice(0, 12),
    maxAge,
  };
  if (body.length > 1024 && !ext.match(/png/)) {
    // Started now so the first visitor does not wait; errors surface when served.
    asset.gzip = gzipAsync(body, { level: 9 });
    asset.br = brotli(body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
    asset.gzip.catch(() => undefined);
    asset.br.catch(() => undefined);
  }
  loaded.set(key, asset);
  return asset;
}

export async function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: Asset) {
  const etag = `"${asset.hash}"`;
  const versioned = (request.query as Record<string, unknown> | undefined)?.v === asset.hash;
  reply
    .header('content-type', asset.type)
    .header('etag', etag)
    .header('vary', 'accept-encoding')
    .header(
      'cache-control',
      versioned ? `public, max-age=${YEAR}, immutable` : `public, max-age=${asset.maxAge}`,
    );
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  const accepts = String(request.headers['accept-encoding'] ?? '');
  const encoded = /\bbr\b/.test(accepts) ? asset.br : /\bgzip\b/.test(accepts) ? asset.gzip : undefined;
  if (encoded) {
    const body = await encoded.catch(() => undefined);
    if (body) return reply.header('content-encoding', /\bbr\b/.test(accepts) ? 'br' : 'gzip').send(body);
  }
  return reply.send(asset.body);
}
