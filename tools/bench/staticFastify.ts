// The framework's own cost: fastify parsing the JSON body and checking it with the same zod
// schema as POST /api/ask, then a fixed reply — no bot. `npm run bench -- --only turn` loads it
// beside the bare node:http ceiling and the real server.
import Fastify from 'fastify';
import { z } from 'zod';

const askRequest = z.strictObject({ user: z.string().min(1).max(64), text: z.string().min(1).max(500) });
const REPLY = {
  replies: ['异地就医备案可以通过国家医保服务平台APP办理。'],
  fallback: false,
  intent: 'static',
  confidence: 1,
  sources: [],
  suggestions: [],
};

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
app.post('/api/ask', async (request, reply) => {
  const parsed = askRequest.safeParse(request.body);
  if (!parsed.success) return reply.code(400).send({ error: 'bad request' });
  return reply.code(200).send(REPLY);
});
await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
