// Rate limits across two real server processes on one real redis-server: a user's messages
// count the same wherever the load balancer sends them, new Direct Line tokens (new users) are
// limited per address on both together, the counters' keys carry no user id, and with Redis
// gone the limits are skipped — never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askHttp } from '../helpers/askHttp.js';
import { redisAvailable } from '../helpers/services.js';
import { startTwoInstances, type TwoInstances } from '../helpers/twoInstances.js';

const PREFIX = 'limits:';

describe.runIf(redisAvailable())('two instances, one redis-server', () => {
  let servers: TwoInstances;
  beforeAll(async () => {
    servers = await startTwoInstances(PREFIX, {
      USER_HASH_SALT: 'shared-rate-limits-salt',
      RATE_LIMIT_PER_USER_PER_MIN: '3',
      RATE_LIMIT_PER_IP_PER_MIN: '0',
      DIRECTLINE_TOKENS_PER_IP_PER_MIN: '3',
    });
  });
  afterAll(async () => {
    await servers?.stop();
  });

  it('3 messages per user per minute hold across both instances: A, B, A answered, the 4th on B is 429', async () => {
    const { a, b, client } = servers;
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
    const { a, b } = servers;
    const token = (base: string) =>
      fetch(`${base}/api/webchat/token`, { method: 'POST' }).then((r) => r.status);
    const statuses = [await token(a.base), await token(b.base), await token(a.base), await token(b.base)];
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('with Redis gone the limits are skipped: answered, never a 500', async () => {
    const { a, redisServer } = servers;
    await redisServer.stop();
    const statuses = [];
    for (let i = 0; i < 5; i += 1)
      statuses.push((await askHttp(a.base, 'during-outage', '江门 台山 咨询电话')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    await redisServer.start();
  });
});
