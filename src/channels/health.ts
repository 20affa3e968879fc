// GET /healthz — for load balancers and operators: 200 {"status":"ok"} when the instance can
// do everything; 503 {"status":"degraded","reason":…} when the state store cannot be used
// (FAQ questions are still answered, multi-step help waits), 503 "shutting-down" after SIGTERM.
import type { FastifyInstance } from 'fastify';
import { ERRORS } from '../http/errorMessages.js';
import type { StoreHealth } from '../storage/openStores.js';

export interface HealthPorts {
  entries: number;
  /** The state store's health (Redis reachable, SQLite writable). */
  store: () => Promise<StoreHealth>;
  closing?: () => boolean;
}

export function registerHealth(app: FastifyInstance, { entries, store, closing }: HealthPorts): void {
  app.get('/healthz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (closing?.()) return reply.code(503).send({ status: 'shutting-down', entries });
    const health = await store();
    if (health.ok) return reply.send({ status: 'ok', entries });
    return reply.code(503).send({
      status: 'degraded',
      reason: ERRORS.degraded(health.reason),
      entries,
    });
  });
}
