// The self-hosted Direct Line 3.0 service (the subset Web Chat and botframework-directlinejs
// use): tokens, conversations, activities, the WebSocket stream. Needs @fastify/websocket
// registered on the app before this plugin (src/server.ts does that once for all channels).
import type { Storage } from 'botbuilder-core';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../calendar.js';
import type { Config } from '../../config.js';
import type { Conversations } from '../../conversation/conversations.js';
import { registerActivityRoutes } from './activities.js';
import type { DirectLineContext } from './context.js';
import { registerConversationRoutes } from './conversations.js';
import { FallbackConversationStore } from './fallbackStore.js';
import { DIRECT_LINE_PATH, type DirectLineSettings, directLineSettings } from './settings.js';
import { StorageConversationStore } from './store.js';
import { StreamHub } from './stream.js';
import { TokenService } from './tokens.js';
import { DirectLineTurns } from './turn.js';

export interface DirectLineService {
  settings: DirectLineSettings;
  tokens: TokenService;
}

/** What this channel uses: the conversations, a store for its activity logs, the clock. */
export interface DirectLinePorts {
  conversations: Conversations;
  /** Shared by every instance (Redis) so any of them can serve any conversation. */
  storage: Storage;
  clock: Clock;
}

export function registerDirectLine(
  app: FastifyInstance,
  { conversations, storage, clock }: DirectLinePorts,
  config: Config,
): DirectLineService {
  const settings = directLineSettings(config);
  if (!config.DIRECTLINE_SECRET && config.NODE_ENV === 'production')
    app.log.warn(
      'DIRECTLINE_SECRET 未设置：令牌只在本实例有效（密钥在状态目录或本进程内），多实例部署时必须设置同一个值 / DIRECTLINE_SECRET is not set: tokens are valid on this instance only',
    );
  const keyFile = settings.keyFile;
  if (keyFile?.created) app.log.info({ file: keyFile.file }, 'Direct Line signing key created (mode 0600)');
  if (keyFile?.tightened)
    app.log.warn(
      { file: keyFile.file },
      'Direct Line 签名密钥文件其他用户可读，已改为 0600 / the key file was readable by others: set to 0600',
    );
  if (settings.randomSecret && config.STORAGE !== 'memory')
    app.log.warn(
      '状态目录不可写，Direct Line 签名密钥只在本进程内有效 / the state folder is not writable: the Direct Line key lives in this process only',
    );
  const tokens = new TokenService(settings.secret, settings.tokenTtlSeconds, clock);
  const store = new FallbackConversationStore(new StorageConversationStore(storage));
  const hub = new StreamHub(store, app.log);
  const turns = new DirectLineTurns(conversations, store, hub, clock);
  const ctx: DirectLineContext = { clock, tokens, store, hub, turns };
  app.addHook('onClose', async () => hub.close());
  // Responses carry tokens and conversations: never kept by a browser or a proxy.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith(DIRECT_LINE_PATH)) reply.header('cache-control', 'no-store');
    return payload;
  });
  registerConversationRoutes(app, ctx);
  registerActivityRoutes(app, ctx);
  return { settings, tokens };
}
