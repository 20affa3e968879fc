// The Web Chat page (/), the embed snippet (/embed.js), their assets (/assets/*) and the
// page's token endpoint. The page runs Microsoft's Web Chat from the installed package
// against our Direct Line service (or Azure's, DIRECTLINE_MODE=azure).
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { ERRORS } from '../../http/errorMessages.js';
import { sendError } from '../../http/errors.js';
import type { DirectLineService } from '../directLine/index.js';
import { type Asset, loadAsset, sendAsset, WEB_DIR, webChatBundlePath } from './assets.js';
import { ChatPage } from './page.js';
import { registerTokenRoute } from './token.js';

export function registerWebChat(app: FastifyInstance, config: Config, directLine: DirectLineService): void {
  const assets: Record<string, Asset> = {
    'webchat.js': loadAsset(webChatBundlePath(config.WEBCHAT_BUNDLE), 86400),
    'chat.js': loadAsset(join(WEB_DIR, 'chat.js')),
    'chat.css': loadAsset(join(WEB_DIR, 'chat.css')),
  };
  const embed = loadAsset(join(WEB_DIR, 'embed.js'), 3600);
  const azure = directLine.settings.azure;
  const azureOrigin = azure ? new URL(azure.domain).host : undefined;
  const page = new ChatPage({
    frameAncestors: config.WEBCHAT_FRAME_ANCESTORS,
    connect: azureOrigin ? [`https://${azureOrigin}`, `wss://${azureOrigin}`] : [],
    assets,
  });

  app.get('/', async (request, reply) => page.send(request, reply));
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const asset = Object.hasOwn(assets, request.params.name) ? assets[request.params.name] : undefined;
    if (!asset) return sendError(reply, 404, ERRORS.notFound);
    return sendAsset(request, reply, asset);
  });
  app.get('/embed.js', async (request, reply) => {
    // Loaded by other sites' pages: allow that even where they isolate cross-origin resources.
    reply.header('cross-origin-resource-policy', 'cross-origin');
    return sendAsset(request, reply, embed);
  });
  registerTokenRoute(app, directLine);
}
