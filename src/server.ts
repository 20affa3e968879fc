// Builds the HTTP server (separate from listening, so tests run it on an ephemeral port) from
// the app (src/app.ts): each channel registers its routes with the parts it uses; this file
// only wires shared concerns (body parsing, errors, rate limits, security headers).
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { App } from './app.js';
import { registerAskApi } from './channels/askApi.js';
import { registerBotFramework } from './channels/botFramework.js';
import { registerDirectLine } from './channels/directLine/index.js';
import { registerStaff } from './channels/staff.js';
import { registerWebChat } from './channels/webChat/index.js';
import { registerWechat } from './channels/wechat/index.js';
import type { Config } from './config.js';
import { ERRORS } from './http/errorMessages.js';
import { handleClientError, handleFrameworkError, installErrorHandling } from './http/errors.js';
import { installRateLimits } from './http/rateLimit.js';
import { maskPii } from './text/pii.js';

export function createServer(app: App, config: Config): FastifyInstance {
  const server = Fastify({
    bodyLimit: config.BODY_LIMIT_BYTES,
    logger: {
      level: config.LOG_LEVEL,
      // URLs can carry a search query: mask ID-card and phone numbers before logging.
      serializers: {
        req: (req) => ({ method: req.method, url: maskPii(decodeSafe(req.url)) }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    },
    // Request lines only at debug/trace (they are masked by the serializers above).
    logController: new LogController({
      disableRequestLogging: config.LOG_LEVEL !== 'debug' && config.LOG_LEVEL !== 'trace',
    }),
    connectionTimeout: 30000,
    requestTimeout: 30000,
    return503OnClosing: true,
    clientErrorHandler: handleClientError,
    frameworkErrors: handleFrameworkError,
  });
  installErrorHandling(server);
  installRateLimits(server, config);
  // JSON endpoints accept JSON only: other content types get a clear 415 (WeChat and the
  // staff login register their own parsers).
  server.removeContentTypeParser('text/plain');
  // JSON must be valid UTF-8: replacement characters would merge different bad user ids
  // into one conversation.
  server.removeContentTypeParser('application/json');
  server.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body as Buffer);
    } catch {
      done(Object.assign(new Error(ERRORS.notUtf8), { statusCode: 400 }), undefined);
      return;
    }
    if (text.trim() === '') {
      done(Object.assign(new Error(ERRORS.emptyBody), { statusCode: 400 }), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error(ERRORS.notJson), { statusCode: 400 }), undefined);
    }
  });
  server.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
  const { knowledge, conversations, clock, storage } = app;
  const { messages } = knowledge;
  server.get('/healthz', async () => ({ status: 'ok', entries: knowledge.entries.length }));
  registerAskApi(server, conversations);
  registerStaff(server, { search: app.staffSearch, knowledge, clock }, config);
  registerWechat(
    server,
    { conversations, messages, dedupeStore: storage, clock, toTraditional: app.toTraditional },
    config,
  );
  // Imports botbuilder lazily, so it is a plugin: listen()/ready() wait for it.
  const { tooFast } = messages;
  server.register(async (scope) => registerBotFramework(scope, { conversations, tooFast }, config));
  // Registered once for the whole server (it takes over the server's upgrade event); channels
  // declare WebSocket routes with { websocket: true } in plugins registered after it.
  server.register(websocket, { options: { maxPayload: 65536 } });
  // Web Chat page and the self-hosted Direct Line 3.0 service it talks to.
  server.register(async (scope) =>
    registerWebChat(scope, config, registerDirectLine(scope, { conversations, storage, clock }, config)),
  );
  return server;
}

function decodeSafe(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
