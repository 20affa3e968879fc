// Composition root: config → knowledge → storage → bot → channels → listen.
import { pino } from 'pino';
import { createAssistant } from './assistant/createAssistant.js';
import { ConfigError, loadConfig } from './config.js';
import { KnowledgeError } from './knowledge/load.js';
import { createServer } from './server.js';
import { isStorageUnavailable } from './storage/errors.js';
import { openStores } from './storage/openStores.js';
import { storageSettings } from './storage/settings.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const settings = storageSettings(config);
  const log = pino({ level: config.LOG_LEVEL });
  const stores = openStores(settings, { log });
  if (!(await stores.ready(5000)))
    log.error(
      { store: stores.where },
      '状态存储暂不可用，先以无状态方式回答 (store unreachable; answering without state)',
    );
  const assistant = createAssistant({
    knowledgeDir: config.KNOWLEDGE_DIR,
    storage: stores.storage,
    turnLock: stores.turnLock,
    turnLog: stores.turnLog && { store: stores.turnLog, salt: settings.userHashSalt, log },
  });
  const app = createServer(assistant, config);
  assistant.adapter.onTurnError = async (context, error) => {
    app.log.error({ err: { message: (error as Error).message } }, 'turn failed');
    await context.sendActivity(assistant.knowledge.messages.turnError ?? '抱歉，系统出了点问题。');
  };
  // While shutting down, answers to requests still in flight close their connection, so a
  // kept-alive client connection does not hold the server open.
  let closing = false;
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  const shutdown = async (signal: string) => {
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop accepting, let in-flight requests and turns finish, then flush and close the store.
    setTimeout(() => process.exit(1), 15000).unref();
    await app.close();
    await assistant.adapter.idle();
    await stores.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info(
    `异地就医备案助手已启动 (listening) ${address} — ${assistant.knowledge.entries.length} entries`,
  );
  app.log.info(
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
