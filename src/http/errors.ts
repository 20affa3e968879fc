// Every client error as {"error": "中文 / English"} with the right 4xx status. Bad input
// never becomes a 500; a genuine server fault is logged and answered without internals.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

export const ERRORS = {
  notJson: '请求体不是有效的 JSON / Request body is not valid JSON',
  notUtf8: '请求体不是有效的 UTF-8 编码 / Request body is not valid UTF-8',
  emptyBody: '请求体为空 / Request body is empty',
  contentType: '请使用 Content-Type: application/json / Content-Type must be application/json',
  tooLarge: '请求体太大 / Request body is too large',
  notFound: '找不到该地址 / Not found',
  method: '不支持该请求方法 / Method not allowed',
  internal: '服务暂时出错，请稍后再试 / Internal error, please retry later',
  timeout: '处理超时，请稍后再试 / The request timed out, please retry',
  unauthorized: '未授权 / Unauthorized',
  forbidden: '禁止访问 / Forbidden',
  rateLimited: '请求太频繁，请稍后再试 / Too many requests, please retry later',
} as const;

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
