// The process: config → the app (knowledge, storage, conversations: src/app.ts) → the HTTP
// server with its channels (src/server.ts) → listen; SIGTERM finishes the turns in flight.
import { pino } from 'pino';
import { openApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { KnowledgeError } from './knowledge/load.js';
import { createServer } from './server.js';
import { isStorageUnavailable } from './storage/errors.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = pino({ level: config.LOG_LEVEL });
  const opened = await openApp(config, log);
  const server = createServer(opened.app, config);
  // While shutting down, answers to requests still in flight close their connection, so a
  // kept-alive client connection does not hold the server open.
  let closing = false;
  server.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  const shutdown = async (signal: string) => {
    closing = true;
    server.log.info({ signal }, 'shutting down');
    // Stop accepting, let in-flight requests and turns finish, then flush and close the store.
    setTimeout(() => process.exit(1), 15000).unref();
    await server.close();
    await opened.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  const address = await server.listen({ port: config.PORT, host: config.HOST });
  server.log.info(
    `异地就医备案助手已启动 (listening) ${address} — ${opened.app.knowledge.entries.length} entries`,
  );
  const { stores } = opened;
  server.log.info(
    { storage: stores.kind, where: stores.where, turnLog: Boolean(stores.turnLog) },
    'state store',
  );
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof KnowledgeError || isStorageUnavailable(err)) {
    console.error(err.message);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
