// The process: config → the app (knowledge, storage, conversations: src/app.ts) → the HTTP
// servers with their channels (src/server.ts) → listen; SIGTERM finishes what was received.
import { pino } from 'pino';
import { openApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { KnowledgeError } from './knowledge/load.js';
import { createBotFrameworkDevServer, createServer } from './server.js';
import { isStorageUnavailable } from './storage/errors.js';

/** Past this (after the drain), a shutdown that still waits for clients ends anyway (exit 1). */
const SHUTDOWN_TIMEOUT_MS = 15000;
/** Connections still open (and idle) this long after SIGTERM are closed by the server. */
const IDLE_GRACE_MS = 5000;

class PortInUseError extends Error {}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = pino({ level: config.LOG_LEVEL });
  const opened = await openApp(config, log);
  // From SIGTERM on, every answer closes its connection and /healthz says so, so clients and
  // the load balancer move to another instance; requests already received are answered in
  // full, none is reset or refused with a 503.
  let closing = false;
  const server = createServer(opened.app, config, { closing: () => closing });
  const devServer = createBotFrameworkDevServer(opened.app, config);
  const servers = devServer ? [server, devServer] : [server];
  for (const s of servers)
    s.addHook('onSend', async (_request, reply, payload) => {
      if (closing) reply.header('connection', 'close');
      return payload;
    });
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.log.info({ signal }, 'shutting down');
    const drainMs = config.SHUTDOWN_DRAIN_MS;
    setTimeout(() => process.exit(1), drainMs + SHUTDOWN_TIMEOUT_MS).unref();
    // Drain: still accepting, but /healthz says shutting-down and every answer closes its
    // connection, so the load balancer and clients move on before the listener closes (a
    // connection still waiting in the listen queue at that moment would be reset).
    await new Promise((resolve) => setTimeout(resolve, drainMs));
    // Node's server.close() would also cut every kept-alive connection that is idle this very
    // moment — where the client's next request may already be on its way (a reset under
    // load). They are left open for a grace period instead: a request on one is answered
    // (with Connection: close); only connections still idle then are closed.
    const idle = servers.map((s) => {
      const closeIdle = s.server.closeIdleConnections.bind(s.server);
      s.server.closeIdleConnections = () => undefined;
      const timer = setTimeout(closeIdle, IDLE_GRACE_MS);
      timer.unref();
      return timer;
    });
    // Stop accepting, answer every request received, then flush and close the store.
    await Promise.all(servers.map((s) => s.close()));
    for (const timer of idle) clearTimeout(timer);
    await opened.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  const address = await listen(server, config.PORT, config.HOST, 'PORT');
  server.log.info(
    `异地就医备案助手已启动 (listening) ${address} — ${opened.app.knowledge.entries.length} entries`,
  );
  if (devServer) {
    const dev = await listen(devServer, config.BOT_FRAMEWORK_DEV_PORT, '127.0.0.1', 'BOT_FRAMEWORK_DEV_PORT');
    devServer.log.warn(`Bot Framework 调试接口 (Emulator, no app id): ${dev}/api/messages`);
  }
  const { stores } = opened;
  server.log.info(
    { storage: stores.kind, where: stores.where, turnLog: Boolean(stores.turnLog) },
    'state store',
  );
}

/** Listens on `port` (the setting `name`), or a PortInUseError that says which setting to change. */
async function listen(
  s: ReturnType<typeof createServer>,
  port: number,
  host: string,
  name: string,
): Promise<string> {
  try {
    return await s.listen({ port, host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new PortInUseError(
        `端口 ${port} 已被占用，服务未启动：请停止占用它的程序或设置另一个 ${name} / port ${port} on ${host} is already in use: stop the other program or set another ${name}`,
      );
    if (code === 'EACCES')
      throw new PortInUseError(
        `没有权限监听端口 ${port}，服务未启动 / no permission to listen on port ${port} (${host})`,
      );
    throw err;
  }
}

main().catch((err) => {
  if (
    err instanceof ConfigError ||
    err instanceof KnowledgeError ||
    err instanceof PortInUseError ||
    isStorageUnavailable(err)
  ) {
    console.error(err.message);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
