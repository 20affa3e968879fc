// The turn log, through the real assistant: what a curator can see of each turn (intent,
// confidence, fallback, latency, the question with ID-card and phone numbers masked, hashed
// ids) in SQLite and in Redis, and the report command that reads it back.
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp, createMemoryApp } from '../../src/app.js';
import { shanghaiDate } from '../../src/calendar.js';
import { projectRoot } from '../../src/knowledge/paths.js';
import type { Knowledge } from '../../src/knowledge/types.js';
import { buildReport } from '../../src/report/turnReport.js';
import { openSqlite } from '../../src/storage/sqliteDatabase.js';
import { SqliteStorage } from '../../src/storage/state/sqliteStorage.js';
import { RedisTurnLog } from '../../src/storage/turnLog/redisTurnLog.js';
import { SqliteTurnLog } from '../../src/storage/turnLog/sqliteTurnLog.js';
import {
  hashId,
  MemoryTurnLog,
  type TurnLogStore,
  type TurnRecord,
} from '../../src/storage/turnLog/turnLog.js';
import { compiled } from '../../tools/harness/compiled.js';
import { type LocalRedis, startLocalRedis } from '../../tools/harness/localRedis.js';
import { fastRun, redisAvailable } from '../helpers/services.js';
import { tempDir } from '../helpers/tempDir.js';

const SALT = 'test-salt-0123456789';
/** The turns' time: now (Redis stream ids are the real append time), as a Beijing day. */
const TURN_TIME = Date.now();
const TODAY = shanghaiDate(new Date(TURN_TIME));
const ID_CARD = '440781199001011234';
const PHONE = '13812345678';
const redisPresent = redisAvailable();

const dir = tempDir('yidi-turnlog-');
const sqlitePath = dir.file('turnlog.sqlite');
let redisServer: LocalRedis | undefined;
let redis: Redis | undefined;
let knowledge: Knowledge;

beforeAll(async () => {
  knowledge = createMemoryApp().knowledge;
  if (redisPresent) {
    redisServer = await startLocalRedis();
    redis = new Redis(redisServer.port, '127.0.0.1');
  }
});

afterAll(async () => {
  redis?.disconnect();
  await redisServer?.stop();
  dir.remove();
});

interface Store {
  name: string;
  available: boolean;
  open(): TurnLogStore;
}

const stores: Store[] = [
  { name: 'memory', available: true, open: () => new MemoryTurnLog() },
  { name: 'SQLite', available: true, open: () => new SqliteTurnLog(openSqlite(sqlitePath)) },
  { name: 'Redis', available: redisPresent, open: () => new RedisTurnLog(redis as Redis, 'turnlog-test:') },
];

/** What the user says, and what the turn log must show of it. */
const TURNS: Array<{
  say: string;
  intent?: string;
  fallback: boolean;
  question: string | RegExp;
}> = [
  { say: '护照过期了怎么换', fallback: true, question: '护照过期了怎么换' },
  { say: '江门 台山 咨询电话', intent: 'jm-phones', fallback: false, question: '江门 台山 咨询电话' },
  {
    say: `我身份证${ID_CARD}，手机${PHONE}，异地就医备案怎么办？`,
    fallback: false,
    question: /^我身份证\[身份证号\],手机\[手机号\],异地就医备案怎么办\?$/,
  },
  {
    say: '江門台山市的異地就醫備案電話是多少',
    intent: 'jm-phones',
    fallback: false,
    question: '江门台山市的异地就医备案电话是多少',
  },
];

describe.each(stores.filter((s) => s.available))('the turn log in $name', (store) => {
  let log: TurnLogStore;
  let assistant: App;
  let records: TurnRecord[];
  const user = `turnlog-${store.name}-${PHONE}`;

  beforeAll(async () => {
    log = store.open();
    const storage = new SqliteStorage(openSqlite(dir.file(`state-${store.name}.sqlite`)), { ttlMs: 0 });
    assistant = createApp({
      knowledge,
      storage,
      turnLog: { store: log, salt: SALT, now: () => TURN_TIME },
    });
    for (const t of TURNS) await assistant.conversations.ask({ channel: 'api', user }, t.say);
    records = await log.list(TURN_TIME, TURN_TIME + 1);
  });

  it('holds one record per message turn, numbered within the conversation', () => {
    expect(records).toHaveLength(TURNS.length);
    expect(records.map((r) => r.turn)).toEqual([1, 2, 3, 4]);
  });

  it.each(TURNS.map((t, i) => [i, t] as const))(
    'turn %i: intent, fallback flag and the masked question',
    (i, t) => {
      const r = records[i] as TurnRecord;
      expect(r.fallback).toBe(t.fallback);
      if (t.intent) expect(r.intent).toBe(t.intent);
      if (t.fallback) expect(r.intent).toMatch(/^fallback/);
      if (typeof t.question === 'string') expect(r.question).toBe(t.question);
      else expect(r.question).toMatch(t.question);
      expect(r.channel).toBe('api');
      expect(r.at).toBe(TURN_TIME);
      expect(r.latencyMs).toBeGreaterThan(0);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    },
  );

  it('an answered question has a real confidence, not a placeholder', () => {
    // A strong match may reach the top of the scale (1); a placeholder would be one value for all.
    const answered = records.filter((r) => !r.fallback);
    expect(answered.length).toBeGreaterThan(1);
    expect(records[1]?.confidence).toBeGreaterThan(0.5);
    for (const r of answered) {
      expect(r.confidence).toBeGreaterThan(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
    expect(new Set(answered.map((r) => r.confidence)).size).toBeGreaterThan(1);
  });

  it('user and conversation ids are salted sha256 hashes, never the raw id', () => {
    for (const r of records) {
      expect(r.userHash).toBe(hashId(SALT, user));
      expect(r.userHash).not.toBe(hashId('another-salt-0123456', user));
      expect(r.userHash).toMatch(/^[0-9a-f]{32}$/);
      expect(r.conversationHash).toBe(hashId(SALT, `api:${user}`));
    }
  });

  it('no ID-card or phone number is stored anywhere in the records', () => {
    const everything = JSON.stringify(records);
    expect(everything).not.toContain(PHONE);
    expect(everything).not.toContain(ID_CARD);
  });
});

describe('the report', () => {
  const records = (n: number, question: string, extra: Partial<TurnRecord> = {}): TurnRecord[] =>
    Array.from({ length: n }, (_, i) => ({
      at: TURN_TIME + i,
      channel: 'api',
      userHash: `user${i % 3}`,
      conversationHash: `conversation${i % 3}`,
      turn: i + 1,
      intent: 'fallback',
      confidence: 0.1,
      fallback: true,
      latencyMs: 5 + i,
      question,
      ...extra,
    }));
  const all = [
    ...records(5, '护照过期了怎么换'),
    ...records(2, '护照过期了,怎么换?', { channel: 'wechat' }),
    ...records(3, '医保卡丢了', { intent: 'fallback:card' }),
    ...records(4, '异地就医', { intent: 'clarify', fallback: false, confidence: 0.3 }),
    ...records(1, '台山备案电话', { intent: 'jm-phones', fallback: false, confidence: 0.45 }),
    ...records(6, '江门备案电话', { intent: 'jm-phones', fallback: false, confidence: 0.93 }),
  ];
  const report = buildReport(all, { limit: 20, lowConfidence: 0.55 });

  it('ranks unanswered questions; the same question written differently is one row', () => {
    // 医保卡丢了 got its out-of-scope guidance (fallback:card): answered correctly, not listed.
    expect(report.unanswered.map((r) => [r.question, r.count, r.channels])).toEqual([
      ['护照过期了怎么换', 7, ['api', 'wechat']],
    ]);
  });

  it('low confidence: "did you mean" turns and answers below the threshold, not confident answers', () => {
    expect(report.lowConfidence.map((r) => [r.question, r.count, r.intent])).toEqual([
      ['异地就医', 4, 'clarify'],
      ['台山备案电话', 1, 'jm-phones'],
    ]);
  });

  it('counts intents and channels over every turn', () => {
    expect(report.turns).toBe(all.length);
    expect(report.intents.reduce((n, r) => n + r.count, 0)).toBe(all.length);
    expect(report.intents[0]).toMatchObject({ intent: 'fallback', count: 7, fallbacks: 7 });
    expect(report.channels.map((c) => [c.channel, c.turns])).toEqual([
      ['api', 19],
      ['wechat', 2],
    ]);
    expect(report.fallbacks).toBe(7);
    expect(report.outOfScope).toBe(3);
  });

  it('--limit cuts the question tables', () => {
    expect(buildReport(all, { limit: 1, lowConfidence: 0.55 }).unanswered).toHaveLength(1);
  });
});

describe.skipIf(fastRun)('npm run report (the command, on the stores the server writes)', () => {
  /** Run the report command (asynchronously, so the cases can run side by side). */
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [compiled('src/cli/report.ts'), ...args], {
        cwd: projectRoot,
        env: { ...process.env, ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString('utf8');
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString('utf8');
      });
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const sqliteEnv = () => ({ STORAGE: 'sqlite', SQLITE_PATH: sqlitePath });

  it.concurrent('prints the report in Chinese with English column headers', async () => {
    const r = await run(['--since', TODAY, '--until', TODAY], sqliteEnv());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('共 4 轮对话，1 位用户');
    expect(r.stdout).toContain('一、未能回答的问题');
    expect(r.stdout).toMatch(/rank\s+count\s+users\s+confidence\s+intent\s+channels\s+last_seen\s+question/);
    expect(r.stdout).toMatch(
      /1\s+1\s+1\s+\S+\s+fallback\S*\s+api\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+护照过期了怎么换/,
    );
    expect(r.stdout).toMatch(/intent\s+count\s+share\s+avg_confidence\s+fallbacks/);
    expect(r.stdout).toMatch(/jm-phones\s+2\s+50\.0%/);
    expect(r.stdout).toMatch(/channel\s+turns\s+users\s+fallback_rate/);
    expect(r.stdout).not.toContain(PHONE);
  });

  it.concurrent('--format csv: one table with a section column', async () => {
    const r = await run(['--since', TODAY, '--format', 'csv'], sqliteEnv());
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'section,rank,key,count,users,share,avg_confidence,fallbacks,channels,last_seen,intent,p50_latency_ms',
    );
    expect(lines).toContainEqual(expect.stringMatching(/^unanswered,1,护照过期了怎么换,1,1,/));
    expect(lines).toContainEqual(expect.stringMatching(/^intent,\d+,jm-phones,2,/));
    expect(lines).toContainEqual(expect.stringMatching(/^channel,1,api,4,1,/));
  });

  it.concurrent('days outside the turns give an empty report', async () => {
    const r = await run(['--since', '2099-01-01', '--until', '2099-01-31'], sqliteEnv());
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('共 0 轮对话');
  });

  it.concurrent.each([
    [['--since', '2026-13-01'], /--since 应为日期/],
    [['--since', '2026-11-30', '--until', '2026-11-01'], /--until 不能早于 --since/],
    [['--since', '2026-11-01', '--format', 'xml'], /--format 应为 text 或 csv/],
    [['--limit', '0'], /--limit/],
    [['--nope'], /Unknown option/],
  ])('bad arguments %j: exit 2 with the usage', async (args, message) => {
    const r = await run(args, sqliteEnv());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('用法 usage');
  });

  it.concurrent('a missing database file is a clear error, not a new empty file', async () => {
    const r = await run(['--since', '2026-11-01'], {
      STORAGE: 'sqlite',
      SQLITE_PATH: dir.file('nowhere/none.sqlite'),
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('还没有对话日志');
  });

  it.runIf(redisPresent)('reads the Redis stream with STORAGE=redis', async () => {
    const r = await run(['--since', TODAY], {
      STORAGE: 'redis',
      REDIS_URL: redisServer?.url ?? '',
      REDIS_KEY_PREFIX: 'turnlog-test:',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('共 4 轮对话，1 位用户');
    expect(r.stdout).toContain('护照过期了怎么换');
  });
});
