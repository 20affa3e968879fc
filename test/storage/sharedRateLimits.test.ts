// Rate limits across two real server processes on one real redis-server: a user's messages
// count the same wherever the load balancer sends them, new Direct Line tokens (new users) are
// limited per address on both together, the counters' keys carry no user id, and with Redis
// gone the limits are skipped — never a 500.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotProcess, startBotProcess } from '../../tools/harness/botProcess.js';
import { type LocalRedis, redisServerPath, startLocalRedis } from '../../tools/harness/localRedis.js';
import { askHttp } from '../helpers/askHttp.js';
import { serviceAvailable } from '../helpers/services.js';

const PREFIX = 'limits:';
const redisPresent = serviceAvailable(
  'redis-server',
  redisServerPath() !== undefined,
  'install redis-server, e.g. apt-get install redis-server',
);

describe.runIf(redisPresent)('two instances, one redis-server', () => {
  let redisServer: LocalRedis;
  let client: Redis;
  let a: BotProcess;
  let b: BotProcess;
  beforeAll(async () => {
    redisServer = await startLocalRedis();
    client = new Redis(redisServer.port, '127.0.0.1');
    client.on('error', () => undefined);
    const env = {
      STORAGE: 'redis',
      REDIS_URL: redisServer.url,
      REDIS_KEY_PREFIX: PREFIX,
      USER_HASH_SALT: 'shared-rate-limits-salt',
      RATE_LIMIT_PER_USER_PER_MIN: '3',
      RATE_LIMIT_PER_IP_PER_MIN: '0',
      DIRECTLINE_TOKENS_PER_IP_PER_MIN: '3',
    };
    [a, b] = await Promise.all([startBotProcess(env), startBotProcess(env)]);
  });
  afterAll(async () => {
    a?.kill('SIGKILL');
    b?.kill('SIGKILL');
    client?.disconnect();
    await redisServer?.stop();
  });

  it('3 messages per user per minute hold across both instances: A, B, A answered, the 4th on B is 429', async () => {
    const user = '13700001111';
    const statuses = [];
    for (const base of [a.base, b.base, a.base, b.base, a.base])
      statuses.push((await askHttp(base, user, '江门 台山 咨询电话')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await askHttp(b.base, 'someone-else', '江门 台山 咨询电话')).status).toBe(200);
    const keys = await client.keys(`${PREFIX}rate:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join('\n')).not.toContain(user);
  });

  it('new Web Chat tokens are limited per address on both instances together', async () => {
    const token = (base: string) =>
      fetch(`${base}/api/webchat/token`, { method: 'POST' }).then((r) => r.status);
    const statuses = [await token(a.base), await token(b.base), await token(a.base), await token(b.base)];
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('with Redis gone the limits are skipped: answered, never a 500', async () => {
    await redisServer.stop();
    const statuses = [];
    for (let i = 0; i < 5; i += 1)
      statuses.push((await askHttp(a.base, 'during-outage', '江门 台山 咨询电话')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    await redisServer.start();
  });
});
