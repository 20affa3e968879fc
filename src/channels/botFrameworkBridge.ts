// botbuilder's HTTP interfaces (Request, Response: shaped after Express/Restify) over fastify.
// The adapter writes into a captured response; the route then decides what fastify sends, so
// adapter errors become our bilingual JSON errors instead of the SDK's English text.
import type { FastifyRequest } from 'fastify';

/** The part of botbuilder's `Request` CloudAdapter reads. */
export interface BotRequest {
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  method: string;
}

export function toBotRequest(request: FastifyRequest, body: Record<string, unknown>): BotRequest {
  return { body, headers: request.headers, method: request.method };
}

/** botbuilder's `Response`, recorded instead of written. */
export class CapturedResponse {
  readonly socket = null;
  statusCode = 200;
  body: unknown;
  ended = false;
  readonly headers = new Map<string, string>();

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: unknown): this {
    this.headers.set(name.toLowerCase(), String(value));
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    this.ended = true;
    return this;
  }
}
