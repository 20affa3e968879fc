// HTTP tests run the real server on an ephemeral loopback port; JSON API errors are one
// bilingual string {"error": "中文 / English"}.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

/** Listen on a free port of `host` (loopback by default) and return the port. */
export async function listenOnLoopback(app: FastifyInstance, host = '127.0.0.1'): Promise<number> {
  await app.listen({ port: 0, host });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** An error body: JSON {error} with Chinese and English text; returns the message. */
export async function expectBilingualError(res: Response): Promise<string> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error']);
  const error = body.error as string;
  expect(error).toMatch(/\p{Script=Han}/u);
  expect(error).toMatch(/[A-Za-z]{4,}/);
  return error;
}
