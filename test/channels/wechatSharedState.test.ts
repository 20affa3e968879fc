// Two instances of the service (each its own assistant, adapter and server) on one SQLite
// state file, as behind a load balancer: WeChat's retry may reach either, the next message
// of a dialog may reach the other one.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { SqliteClaimStore } from '../../src/storage/claims/sqliteClaimStore.js';
import { openSqlite, type SqliteDatabase } from '../../src/storage/sqliteDatabase.js';
import { SqliteStorage } from '../../src/storage/state/sqliteStorage.js';
import { listenOnLoopback } from '../helpers/http.js';
import { tempDir } from '../helpers/tempDir.js';
import { DIALOG_NOW } from '../helpers/transcript.js';
import { field, type Sent, WechatClient, xml } from '../helpers/wechat.js';

const ACCOUNT = { token: 'sharedState1' };
const nowSeconds = () => Math.floor(DIALOG_NOW.getTime() / 1000);
const dir = tempDir('yidi-wechat-');
const databases: SqliteDatabase[] = [];
const apps: FastifyInstance[] = [];

interface Instance {
  assistant: App;
  wechat: WechatClient;
  turns: Map<string, number>;
}
const instances: Instance[] = [];

async function instance(): Promise<Instance> {
  const db = openSqlite(dir.file('state.sqlite'));
  databases.push(db);
  const assistant = createApp({
    storage: new SqliteStorage(db, { ttlMs: 0 }),
    claims: new SqliteClaimStore(db),
    clock: () => DIALOG_NOW,
  });
  const turns = new Map<string, number>();
  assistant.conversations.use(async (context, next) => {
    const id = context.activity.from?.id ?? '';
    if (context.activity.name !== 'unsubscribe') turns.set(id, (turns.get(id) ?? 0) + 1);
    await next();
  });
  const app = createServer(assistant, loadConfig({ LOG_LEVEL: 'silent', WECHAT_TOKEN: ACCOUNT.token }));
  const port = await listenOnLoopback(app);
  apps.push(app);
  return {
    assistant,
    turns,
    wechat: new WechatClient(`http://127.0.0.1:${port}`, ACCOUNT, nowSeconds),
  };
}

beforeAll(async () => {
  instances.push(await instance(), await instance());
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  for (const db of databases) db.close();
  dir.remove();
});

let users = 0;
const newUser = () => `oYidiShared${process.pid}x${++users}`;
let msgIds = 8000000000000000000n;
const text = (user: string, content: string) =>
  xml.text({ from: user, createTime: nowSeconds() }, content, String(++msgIds));
const content = (sent: Sent) => {
  expect(sent.status, sent.body).toBe(200);
  return field(sent.body, 'Content') ?? '';
};

describe('two instances, one state store', () => {
  it("WeChat's retry reaching the other instance gets the same reply; that instance runs no turn", async () => {
    const [a, b] = instances as [Instance, Instance];
    const user = newUser();
    const message = text(user, '江门 台山 咨询电话');
    const first = await a.wechat.plain(message);
    const retry = await b.wechat.plain(message);
    expect(content(first)).toContain('台山市：备案电话 5513895');
    expect(retry.body).toBe(first.body);
    expect([a.turns.get(user), b.turns.get(user)]).toEqual([1, undefined]);
  });

  it('a dialog begun on one instance goes on on the other, and "1" picks there too', async () => {
    const [a, b] = instances as [Instance, Instance];
    const user = newUser();
    expect(content(await a.wechat.plain(text(user, '我妈在外地看病，没来得及备案，还能补吗？')))).toContain(
      '请问您（或家人）是在哪里参保的？',
    );
    expect(content(await b.wechat.plain(text(user, '邢台')))).toContain('现在还在住院，还是已经出院了？');
    expect(content(await a.wechat.plain(text(user, '1')))).toContain('按邢台市2021年的规定');
  });

  it('unsubscribing on one instance forgets what the other one stored', async () => {
    const [a, b] = instances as [Instance, Instance];
    const user = newUser();
    expect(content(await a.wechat.plain(text(user, '江门 台山 咨询电话')))).toContain('回复 1 查看：');
    const bye = await b.wechat.plain(xml.event({ from: user, createTime: nowSeconds() }, 'unsubscribe'));
    expect(bye).toMatchObject({ status: 200, body: 'success' });
    const key = a.assistant.conversations.keys.of({ channel: 'wechat', user }).stateKey;
    expect(await a.assistant.storage.read([key])).toEqual({});
    expect(content(await a.wechat.plain(text(user, '1')))).not.toContain('回复 1 查看：');
  });
});
