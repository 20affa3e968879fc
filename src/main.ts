// Composition root: config → knowledge → storage → bot → channels → listen.
import { createAssistant } from './assistant/createAssistant.js';
import { ConfigError, loadConfig } from './config.js';
import { KnowledgeError } from './knowledge/load.js';
import { createServer } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const assistant = createAssistant({ knowledgeDir: config.KNOWLEDGE_DIR });
  const app = createServer(assistant, config);
  assistant.adapter.onTurnError = async (context, error) => {
    app.log.error({ err: { message: (error as Error).message } }, 'turn failed');
    await context.sendActivity(assistant.knowledge.messages.turnError ?? '抱歉，系统出了点问题。');
  };
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info(
    `异地就医备案助手已启动 (listening) ${address} — ${assistant.knowledge.entries.length} entries`,
  );
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof KnowledgeError) {
    console.error(err.message);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
