// The same WeChat message (one MsgId) reaching two server processes at the same instant, on
// one real redis-server — as when WeChat's retry lands on the other instance while the first
// still runs. Each of 12 trials, mid-dialog: exactly one turn runs (the turn log in Redis
// says so), both deliveries get the same reply, and the dialog advanced once. Before the
// atomic claim (SET NX) this ran twice in 4 of 10 trials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTurnLog } from '../../src/storage/turnLog/redisTurnLog.js';
import { hashId } from '../../src/storage/turnLog/turnLog.js';
import { redisAvailable } from '../helpers/services.js';
import { startTwoInstances, type TwoInstances } from '../helpers/twoInstances.js';
import { field, WechatClient, xml } from '../helpers/wechat.js';

const TRIALS = 12;
const PREFIX = 'dupes:';
const SALT = 'duplicate-deliveries-salt';
const WECHAT = { token: 'duplicateDeliveries1' };
const ASK_REGION = '请问您（或家人）是在哪里参保的？';
const ASK_DISCHARGE = '现在还在住院，还是已经出院了？';
const ASK_ADMISSION = '请问是哪天住院的？';

const seconds = () => Math.floor(Date.now() / 1000);

describe.runIf(redisAvailable())('one MsgId delivered to two instances at once', () => {
  let servers: TwoInstances;
  beforeAll(async () => {
    servers = await startTwoInstances(PREFIX, {
      USER_HASH_SALT: SALT,
      WECHAT_TOKEN: WECHAT.token,
      RATE_LIMIT_PER_USER_PER_MIN: '0',
      RATE_LIMIT_PER_IP_PER_MIN: '0',
    });
  });
  afterAll(async () => {
    await servers?.stop();
  });

  it(`${TRIALS} trials mid-dialog: one turn each, the same reply to both, the dialog advanced once`, async () => {
    const { a, b, client } = servers;
    const toA = new WechatClient(a.base, WECHAT, seconds);
    const toB = new WechatClient(b.base, WECHAT, seconds);
    const log = new RedisTurnLog(client, PREFIX);
    const since = Date.now();
    let msgId = 7300000000000000000n;
    const outcomes: { turns: number; same: boolean; once: boolean }[] = [];
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const user = `oDupe${process.pid}t${trial}`;
      const message = (text: string) =>
        xml.text({ from: user, createTime: seconds() }, text, String(++msgId));
      const start = await toA.plain(message('我妈在外地看病，没来得及备案，还能补吗？'));
      expect(field(start.body, 'Content')).toContain(ASK_REGION);
      // The same message, to both instances at the same instant (each its own signed URL,
      // as two deliveries; every third trial the identical URL, as a proxy's duplicate).
      const region = message('邢台');
      const [first, second] =
        trial % 3 === 2
          ? await (() => {
              const query = toA.pushQuery(region);
              return Promise.all([toA.request('POST', query, region), toB.request('POST', query, region)]);
            })()
          : await Promise.all([toA.plain(region), toB.plain(region)]);
      expect(first.status, first.body).toBe(200);
      expect(second.status, second.body).toBe(200);
      expect(field(first.body, 'Content')).toContain(ASK_DISCHARGE);
      // The dialog advanced once: it now asks whether they are still in hospital, not the step after.
      const next = await toB.plain(message('还在住院'));
      const turns = (await log.list(since, Date.now() + 1)).filter(
        (r) => r.conversationHash === hashId(SALT, `wechat:${user}`),
      );
      outcomes.push({
        turns: turns.length,
        same: field(first.body, 'Content') === field(second.body, 'Content'),
        once: (field(next.body, 'Content') ?? '').includes(ASK_ADMISSION),
      });
    }
    console.log(
      `duplicate deliveries: ${outcomes.filter((o) => o.turns === 3).length}/${TRIALS} trials ran the message once`,
    );
    // Three turns per trial: the start, the duplicated message once, the next message.
    expect(outcomes).toEqual(Array.from({ length: TRIALS }, () => ({ turns: 3, same: true, once: true })));
  });
});
