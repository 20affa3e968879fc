// Builds the HTTP servers (separate from listening, so tests run them on ephemeral ports) from
// the app (src/app.ts): each channel registers its routes with the parts it uses; this file
// only wires shared concerns (body parsing, errors, rate limits, security headers). The public
// server carries every channel; a second, loopback-only server carries /api/messages when it
// is on without an app id (nothing authenticates its callers: never on the public listener).
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { App } from './app.js';
import { registerAskApi } from './channels/askApi.js';
import { botFrameworkMode, registerBotFramework } from './channels/botFramework.js';
import { registerDirectLine } from './channels/directLine/index.js';
import { registerHealth } from './channels/health.js';
import { registerStaff } from './channels/staff.js';
import { registerWebChat } from './channels/webChat/index.js';
import { registerWechat } from './channels/wechat/index.js';
import type { Config } from './config.js';
import { ERRORS } from './http/errorMessages.js';
import { handleClientError, handleFrameworkError, installErrorHandling } from './http/errors.js';
import { installRateLimits } from './http/rateLimit.js';
import { maskPii } from './text/pii.js';

/** A fastify instance with the shared concerns and no routes. */
function baseServer(app: App, config: Config): FastifyInstance {
  const server = Fastify({
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Only the proxies named in TRUST_PROXY may say who the client is and whether it used TLS.
    trustProxy: config.TRUST_PROXY,
    logger: {
      level: config.LOG_LEVEL,
      // URLs can carry a search query: mask ID-card and phone numbers before logging.
      serializers: {
        req: (req) => ({ method: req.method, url: maskUrl(req.url) }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    },
    // Request lines only at debug/trace (they are masked by the serializers above).
    logController: new LogController({
      disableRequestLogging: config.LOG_LEVEL !== 'debug' && config.LOG_LEVEL !== 'trace',
    }),
    connectionTimeout: 30000,
    requestTimeout: 30000,
    // SIGTERM (main.ts): requests already received are answered, not 503'd; connections are
    // not cut while a request may be on its way (main.ts closes idle ones after a grace).
    return503OnClosing: false,
    forceCloseConnections: false,
    clientErrorHandler: handleClientError,
    frameworkErrors: handleFrameworkError,
  });
  installErrorHandling(server);
  installRateLimits(server, config, {
    counters: app.counters,
    keyOf: (namespace, id) => app.conversations.keys.user(namespace, id),
  });
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
  return server;
}

export interface ServerOptions {
  /** True once the process is shutting down: /healthz answers 503 so load balancers move on. */
  closing?: () => boolean;
}

export function createServer(app: App, config: Config, options: ServerOptions = {}): FastifyInstance {
  const server = baseServer(app, config);
  const { knowledge, conversations, clock, storage } = app;
  const { messages } = knowledge;
  registerHealth(server, { entries: knowledge.entries.length, store: app.health, closing: options.closing });
  registerAskApi(server, conversations);
  registerStaff(
    server,
    {
      search: app.staffSearch,
      knowledge,
      clock,
      claims: app.claims,
      report: { turnLog: app.turnLog, matcher: app.matcher },
    },
    config,
  );
  registerWechat(
    server,
    { conversations, messages, claims: app.claims, clock, toTraditional: app.toTraditional },
    config,
  );
  // Imports botbuilder lazily, so it is a plugin: listen()/ready() wait for it.
  const { tooFast } = messages;
  server.register(async (scope) =>
    registerBotFramework(scope, { conversations, tooFast }, config, 'authenticated'),
  );
  // Registered once for the whole server (it takes over the server's upgrade event); channels
  // declare WebSocket routes with { websocket: true } in plugins registered after it.
  server.register(websocket, { options: { maxPayload: 65536 } });
  // Web Chat page and the self-hosted Direct Line 3.0 service it talks to.
  server.register(async (scope) =>
    registerWebChat(scope, config, registerDirectLine(scope, { conversations, storage, clock }, config)),
  );
  return server;
}

/**
 * The loopback-only server of /api/messages without an app id (BOT_FRAMEWORK_ENDPOINT=on, for
 * the Emulator): main.ts listens on 127.0.0.1:BOT_FRAMEWORK_DEV_PORT. Undefined when the
 * endpoint is off or authenticated (then it is on the public server).
 */
export function createBotFrameworkDevServer(app: App, config: Config): FastifyInstance | undefined {
  if (botFrameworkMode(config) !== 'development') return undefined;
  const server = baseServer(app, config);
  const { tooFast } = app.knowledge.messages;
  server.register(async (scope) =>
    registerBotFramework(scope, { conversations: app.conversations, tooFast }, config, 'development'),
  );
  return server;
}

/** A URL for the log: a stream token (`t=`) hidden, ID-card and phone numbers masked. */
export function maskUrl(url: string): string {
  return maskPii(decodeSafe(url.replace(/([?&]t=)[^&#]*/g, '$1***')));
}

function decodeSafe(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
