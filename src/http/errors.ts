// Every client error as {"error": "中文 / English"} (errorMessages.ts) with the right 4xx status. Bad input
// never becomes a 500; a genuine server fault is logged and answered without internals.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS } from './errorMessages.js';

/** Errors fastify raises before routing (FST_ERR_BAD_URL: a URL that does not decode). */
export function handleFrameworkError(
  _error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  sendError(reply, 400, ERRORS.badUrl);
}

/**
 * Errors Node's HTTP parser meets before fastify sees a request (a URL or headers over the
 * size limit, a timeout while receiving, malformed HTTP): answered bilingual like the rest
 * (fastify's `clientErrorHandler` option), then the connection is closed.
 */
export function handleClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, ERRORS.timeout]
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, ERRORS.headersTooLarge]
        : [400, ERRORS.malformed];
  const body = JSON.stringify({ error: message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

export function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send({ error: message });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const code = error.code ?? '';
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413)
      return sendError(reply, 413, ERRORS.tooLarge);
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.statusCode === 415)
      return sendError(reply, 415, ERRORS.contentType);
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return sendError(reply, 400, ERRORS.emptyBody);
    if (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return sendError(reply, 400, ERRORS.notJson);
    if (error instanceof SyntaxError || code.startsWith('FST_ERR_CTP'))
      return sendError(reply, 400, ERRORS.notJson);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, error.statusCode, error.message || ERRORS.notJson);
    }
    request.log.error({ err: { type: error.name, code, message: error.message } }, 'unhandled error');
    return sendError(reply, 500, ERRORS.internal);
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, ERRORS.notFound));
}
