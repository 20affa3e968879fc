// Two real server processes sharing one real redis-server, as behind a load balancer, and a
// client of the test's own on that redis-server (to read what the instances wrote). The
// scale-out, duplicate-delivery and shared-rate-limit tests start from this.
import { Redis } from 'ioredis';
import { type BotProcess, startBotProcess } from '../../tools/harness/botProcess.js';
import { type LocalRedis, startLocalRedis } from '../../tools/harness/localRedis.js';

export interface TwoInstances {
  redisServer: LocalRedis;
  /** Fails at once while the redis-server is stopped (tests stop it on purpose). */
  client: Redis;
  a: BotProcess;
  b: BotProcess;
  /** Kills both servers and the redis-server. */
  stop(): Promise<void>;
}

/** A redis-server and two servers on it, each with STORAGE=redis, the key `prefix` and `env`. */
export async function startTwoInstances(prefix: string, env: Record<string, string>): Promise<TwoInstances> {
  const redisServer = await startLocalRedis();
  const client = new Redis(redisServer.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  const settings = { STORAGE: 'redis', REDIS_URL: redisServer.url, REDIS_KEY_PREFIX: prefix, ...env };
  const started = await Promise.allSettled([startBotProcess(settings), startBotProcess(settings)]);
  const processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    for (const p of processes) p.kill('SIGKILL');
    client.disconnect();
    await redisServer.stop();
  };
  const [a, b] = processes;
  if (!a || !b) {
    await stop();
    throw started.find((s) => s.status === 'rejected')?.reason;
  }
  return { redisServer, client, a, b, stop };
}
