// Two real server processes sharing one real redis-server, as behind a load balancer:
// a dialog moves between instances; 50 concurrent messages of one user across both run one
// at a time, each seeing the previous; Redis going away and coming back; SIGTERM mid-turn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationKeys } from '../../src/conversation/conversationKey.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import { RedisTurnLog } from '../../src/storage/turnLog/redisTurnLog.js';
import { hashId } from '../../src/storage/turnLog/turnLog.js';
import { askHttp, expectReply } from '../helpers/askHttp.js';
import { redisAvailable } from '../helpers/services.js';
import { startTwoInstances, type TwoInstances } from '../helpers/twoInstances.js';

const START = '我要去外地住院，我属于哪一类？';
const ASK_REGION = '请问您（或家人）是在哪里参保的？';
const ASK_SITUATION = '请问是哪种情况？回复序号即可：';
const OUTCOME = '异地安置退休人员';
const UNAVAILABLE = '系统暂时记不住对话进度';
const PREFIX = 'scale:';
const SALT = 'scale-out-test-salt-123';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(redisAvailable())('two instances sharing Redis', () => {
  let servers: TwoInstances;
  beforeAll(async () => {
    servers = await startTwoInstances(PREFIX, {
      USER_HASH_SALT: SALT,
      // 50 messages of one user in a second: per-user rate limits are not what is tested here.
      RATE_LIMIT_PER_USER_PER_MIN: '0',
      RATE_LIMIT_PER_IP_PER_MIN: '0',
    });
  });
  afterAll(async () => {
    await servers?.stop();
  });

  it('a dialog begun on instance A continues on instance B, and back', async () => {
    const { a, b } = servers;
    await expectReply(a.base, 'scale-alice', START, ASK_REGION);
    await expectReply(b.base, 'scale-alice', '江门', ASK_SITUATION);
    await expectReply(a.base, 'scale-alice', '退休了', OUTCOME);
  });

  it('50 concurrent messages of one user across both instances run one at a time, each after the last', async () => {
    const { a, b, client } = servers;
    const user = 'scale-bob';
    const since = Date.now();
    const texts = Array.from({ length: 50 }, (_, i) => `第${i + 1}问 江门台山备案电话`);
    const replies = await Promise.all(texts.map((t, i) => askHttp(i % 2 === 0 ? a.base : b.base, user, t)));
    // One turn after another: the same long answer twice in a row goes out the second time as
    // the short repeat pointer (messages.yaml repeated), so full answers and pointers alternate.
    const repeated = loadKnowledge(defaultKnowledgeDir, {}).messages.repeated;
    for (const r of replies) {
      expect(r.status).toBe(200);
      expect(r.text.includes('5513895') || r.text.includes(repeated)).toBe(true);
    }
    expect(replies.filter((r) => r.text.includes('5513895'))).toHaveLength(25);
    const log = new RedisTurnLog(client, PREFIX);
    const mine = (await log.list(since, Date.now() + 1))
      .filter((r) => r.conversationHash === hashId(SALT, `api:${user}`))
      .sort((x, y) => (x.turn ?? 0) - (y.turn ?? 0));
    // Every turn saw the one before it (no lost update): turn numbers 1..50, none repeated.
    expect(mine.map((r) => r.turn)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(mine.map((r) => r.question))).toEqual(new Set(texts));
    // And no two turns overlapped in time (ms clock: 1 ms of slack).
    for (let i = 1; i < mine.length; i++) {
      const previous = mine[i - 1];
      const current = mine[i];
      if (!previous || !current) continue;
      expect(
        previous.at + previous.latencyMs,
        `turn ${i} ended after turn ${i + 1} began`,
      ).toBeLessThanOrEqual(current.at + 1);
    }
  });

  it('Redis down: FAQ still answered, mid-dialog users told; back up: dialogs work again', async () => {
    const { a, b, redisServer } = servers;
    await expectReply(a.base, 'scale-carol', START, ASK_REGION);
    await redisServer.stop();

    for (const base of [a.base, b.base]) {
      const faq = await expectReply(base, `scale-dave-${base}`, '江门 台山 咨询电话', '5513895');
      expect(faq.text).not.toContain(UNAVAILABLE);
    }
    const mid = await expectReply(b.base, 'scale-carol', '江门', UNAVAILABLE);
    expect(mid.text).toContain('12333');
    const begin = await expectReply(a.base, 'scale-erin', START, UNAVAILABLE);
    expect(begin.text).not.toContain(ASK_REGION);

    await redisServer.start();
    // ioredis reconnects by itself (within about 2 s); no restart of the instances.
    const deadline = Date.now() + 20000;
    let reply = await askHttp(a.base, 'scale-frank', START);
    while (!reply.text.includes(ASK_REGION) && Date.now() < deadline) {
      await sleep(250);
      reply = await askHttp(a.base, 'scale-frank', START);
    }
    expect(reply.text).toContain(ASK_REGION);
    await expectReply(b.base, 'scale-frank', '江门', ASK_SITUATION);
    await expectReply(a.base, 'scale-frank', '退休了', OUTCOME);
  });

  it('SIGTERM during a turn: it stops accepting, finishes the turn, exits 0; B carries on', async () => {
    const { a, b, client } = servers;
    await expectReply(b.base, 'scale-grace', START, ASK_REGION);
    // Hold the conversation's lock, so A's turn is still running when SIGTERM arrives.
    const lockKey = `${PREFIX}lock:${new ConversationKeys(SALT).of({ channel: 'api', user: 'scale-grace' }).lockKey}`;
    await client.set(lockKey, 'held-by-test', 'PX', 20000);
    const inFlight = askHttp(a.base, 'scale-grace', '江门');
    await sleep(500);
    a.kill('SIGTERM');
    await sleep(500);
    const late = await fetch(`${a.base}/healthz`).then(
      (res) => res.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);
    await client.del(lockKey);

    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(reply.text).toContain(ASK_SITUATION);
    expect(await a.exited).toEqual({ code: 0, signal: null });
    await expectReply(b.base, 'scale-grace', '退休了', OUTCOME);
  });
});
