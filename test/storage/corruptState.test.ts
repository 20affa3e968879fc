// A corrupt conversation record, through the real assistant on SQLite and on Redis: that
// user's conversation starts over cleanly (no error message), the record is logged with the
// user's number masked, and another user's dialog in progress is not affected.
import type { Storage } from 'botbuilder-core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp, createMemoryApp } from '../../src/app.js';
import type { Knowledge } from '../../src/knowledge/types.js';
import type { StorageLogger } from '../../src/storage/logger.js';
import { openSqlite } from '../../src/storage/sqliteDatabase.js';
import { RedisStorage } from '../../src/storage/state/redisStorage.js';
import { SqliteStorage } from '../../src/storage/state/sqliteStorage.js';
import { type LocalRedis, startLocalRedis } from '../../tools/harness/localRedis.js';
import { redisAvailable } from '../helpers/services.js';
import { tempDir } from '../helpers/tempDir.js';
import { DIALOG_NOW } from '../helpers/transcript.js';

const START = '我要去外地住院，我属于哪一类？';
const ASK_REGION = '请问您（或家人）是在哪里参保的？';
const ASK_SITUATION = '请问是哪种情况？回复序号即可：';
const redisPresent = redisAvailable();

const dir = tempDir('yidi-corrupt-');
let server: LocalRedis | undefined;
let redis: Redis | undefined;
let knowledge: Knowledge;

beforeAll(async () => {
  knowledge = createMemoryApp().knowledge;
  if (redisPresent) {
    server = await startLocalRedis();
    redis = new Redis(server.port, '127.0.0.1');
  }
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
  dir.remove();
});

interface Store {
  name: string;
  available: boolean;
  open(log: StorageLogger): { storage: Storage; corrupt(key: string): Promise<void> };
}

const stores: Store[] = [
  {
    name: 'SQLite',
    available: true,
    open: (log) => {
      const db = openSqlite(dir.file('state.sqlite'));
      return {
        storage: new SqliteStorage(db, { ttlMs: 0, log }),
        corrupt: async (key) => {
          db.prepare('UPDATE state SET doc = substr(doc, 1, 40) WHERE key = ?').run(key);
        },
      };
    },
  },
  {
    name: 'Redis',
    available: redisPresent,
    open: (log) => ({
      storage: new RedisStorage(redis as Redis, { prefix: 'corrupt:', ttlMs: 0, log }),
      corrupt: async (key) => {
        const doc = (await redis?.hget(`corrupt:state:${key}`, 'd')) ?? '';
        await redis?.hset(`corrupt:state:${key}`, 'd', doc.slice(0, 40));
      },
    }),
  },
];

describe.each(stores.filter((s) => s.available))('a corrupt state record in $name', (store) => {
  const logged: string[] = [];
  let assistant: App;
  let corrupt: (key: string) => Promise<void>;
  const broken = `13912345678-${store.name}`;
  const other = `other-${store.name}`;

  beforeAll(() => {
    const log = {
      warn: (obj: object, msg: string) => logged.push(JSON.stringify({ obj, msg })),
      error: (obj: object, msg: string) => logged.push(JSON.stringify({ obj, msg })),
    };
    const opened = store.open(log);
    corrupt = opened.corrupt;
    assistant = createApp({ knowledge, storage: opened.storage, clock: () => DIALOG_NOW });
  });

  it('restarts that conversation only; the record is logged with the number masked', async () => {
    for (const user of [broken, other]) {
      const first = await assistant.conversations.ask({ channel: 'api', user: user }, START);
      expect(first.replies.join('\n')).toContain(ASK_REGION);
    }
    await corrupt(assistant.conversations.keys.of({ channel: 'api', user: broken }).stateKey);

    // The broken conversation: "江门" is no longer an answer to a pending question.
    const restarted = await assistant.conversations.ask({ channel: 'api', user: broken }, '江门');
    const text = restarted.replies.join('\n');
    expect(text).not.toContain(ASK_SITUATION);
    expect(text).not.toContain(knowledge.messages.turnError);
    expect(logged).toHaveLength(1);
    // The key is a salted hash of the user id: no number in the key, nothing to mask.
    expect(logged[0]).toContain('api/conversations/');
    expect(logged[0]).not.toContain('13912345678');

    // The other user's dialog carries on where it was.
    const continued = await assistant.conversations.ask({ channel: 'api', user: other }, '江门');
    expect(continued.replies.join('\n')).toContain(ASK_SITUATION);

    // The restarted conversation works normally from there: it remembered 江门 from the
    // last turn, so the dialog asks straight for the situation, and answers it.
    const again = await assistant.conversations.ask({ channel: 'api', user: broken }, START);
    expect(again.replies.join('\n')).toContain(ASK_SITUATION);
    const outcome = await assistant.conversations.ask({ channel: 'api', user: broken }, '退休了');
    expect(outcome.replies.join('\n')).toContain('异地安置退休人员');
  });
});
