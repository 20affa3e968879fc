// What conversation state costs: per turn, the time spent loading and saving state in each
// store (in-process, real dialog turns), and turns per second of real server processes —
// one on SQLite, one and two on a shared Redis. Figures are printed, never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder-core';
import { Redis } from 'ioredis';
import { createApp } from '../../src/app.js';
import { openSqlite } from '../../src/storage/sqliteDatabase.js';
import { RedisStorage } from '../../src/storage/state/redisStorage.js';
import { SqliteStorage } from '../../src/storage/state/sqliteStorage.js';
import { type BotProcess, startBotProcess } from '../harness/botProcess.js';
import { type LocalRedis, redisServerPath, startLocalRedis } from '../harness/localRedis.js';
import { ms, summarize, table } from './stats.js';

/** Load comes from one address and few users: the servers' rate limits are off. */
const NO_LIMITS = { RATE_LIMIT_PER_IP_PER_MIN: '0', RATE_LIMIT_PER_USER_PER_MIN: '0' };
/** A conversation as people have it: a dialog, then FAQ follow-ups. */
const SCRIPT = [
  '我要去外地住院，我属于哪一类？',
  '江门',
  '退休了',
  '江门 台山 咨询电话',
  '新会呢',
  '异地就医备案怎么办',
];

/** Storage that adds up the time its calls take. */
class TimedStorage implements Storage {
  spent = 0;
  bytes = 0;
  constructor(private readonly inner: Storage) {}
  private async timed<T>(work: () => Promise<T>): Promise<T> {
    const t = process.hrtime.bigint();
    try {
      return await work();
    } finally {
      this.spent += Number(process.hrtime.bigint() - t) / 1e6;
    }
  }
  read(keys: string[]) {
    return this.timed(() => this.inner.read(keys));
  }
  write(changes: StoreItems) {
    this.bytes += Buffer.byteLength(JSON.stringify(changes));
    return this.timed(() => this.inner.write(changes));
  }
  delete(keys: string[]) {
    return this.timed(() => this.inner.delete(keys));
  }
}

async function storeCost(name: string, storage: Storage, users: number): Promise<string[]> {
  const timed = new TimedStorage(storage);
  const { conversations } = createApp({ storage: timed });
  const ask = (user: string, text: string) => conversations.ask({ channel: 'bench', user }, text);
  for (const text of SCRIPT) await ask('warm-up', text);
  const samples: number[] = [];
  timed.bytes = 0;
  for (let u = 0; u < users; u++) {
    for (const text of SCRIPT) {
      timed.spent = 0;
      await ask(`state-${u}`, text);
      samples.push(timed.spent);
    }
  }
  const s = summarize(samples);
  const kb = (timed.bytes / samples.length / 1024).toFixed(1);
  return [
    `state load+save per turn: ${name}`,
    ms(s.p50),
    ms(s.p99),
    `${ms(s.mean)} (${kb} KB written/turn)`,
    String(s.n),
  ];
}

/** Virtual users send the script over and over for `seconds`; requests go round-robin to the instances. */
async function throughput(name: string, bases: string[], seconds: number, users = 16): Promise<string[]> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: users }, async (_, vu) => {
      for (let n = 0; Date.now() < deadline; n++) {
        const base = bases[next++ % bases.length];
        const user = `load-${vu}-${Math.floor(n / SCRIPT.length) % 50}`;
        const t = performance.now();
        const res = await fetch(`${base}/api/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user, text: SCRIPT[n % SCRIPT.length] }),
        }).catch(() => undefined);
        if (res?.status === 200) {
          await res.arrayBuffer();
          latencies.push(performance.now() - t);
        } else failures++;
      }
    }),
  );
  const s = summarize(latencies);
  const rate = (latencies.length / ((Date.now() - started) / 1000)).toFixed(0);
  return [
    `HTTP turns/s: ${name} (${users} users)`,
    ms(s.p50),
    ms(s.p99),
    `${rate} turns/s${failures ? `, ${failures} failed` : ''}`,
    String(s.n),
  ];
}

export async function stateBench(options: { seconds: number; users?: number }): Promise<string> {
  const seconds = Math.min(options.seconds, 10);
  const tmp = mkdtempSync(join(tmpdir(), 'yidi-bench-'));
  const notes: string[] = [];
  const rows: string[][] = [['measure', 'p50', 'p99', 'mean / rate', 'samples']];
  const users = options.users ?? 100;
  let redisServer: LocalRedis | undefined;
  let redis: Redis | undefined;
  const processes: BotProcess[] = [];
  try {
    rows.push(await storeCost('memory (reference)', new MemoryStorage(), users));
    rows.push(
      await storeCost(
        'SQLite (WAL)',
        new SqliteStorage(openSqlite(join(tmp, 'cost.sqlite')), { ttlMs: 0 }),
        users,
      ),
    );
    if (redisServerPath()) {
      redisServer = await startLocalRedis();
      redis = new Redis(redisServer.port, '127.0.0.1');
      rows.push(
        await storeCost('Redis (loopback)', new RedisStorage(redis, { prefix: 'bench:', ttlMs: 0 }), users),
      );
    } else notes.push('redis-server not found: Redis rows skipped (install redis-server to measure them).');

    const sqlite = await startBotProcess({
      ...NO_LIMITS,
      STORAGE: 'sqlite',
      SQLITE_PATH: join(tmp, 'http.sqlite'),
    });
    processes.push(sqlite);
    rows.push(await throughput('1 instance, SQLite', [sqlite.base], seconds));
    sqlite.kill('SIGTERM');
    await sqlite.exited;
    if (redisServer) {
      const env = {
        ...NO_LIMITS,
        STORAGE: 'redis',
        REDIS_URL: redisServer.url,
        REDIS_KEY_PREFIX: 'benchhttp:',
      };
      const [one, two] = await Promise.all([startBotProcess(env), startBotProcess(env)]);
      processes.push(one, two);
      rows.push(await throughput('1 instance, Redis', [one.base], seconds));
      rows.push(await throughput('2 instances, Redis (round-robin)', [one.base, two.base], seconds));
    }
  } finally {
    for (const p of processes) p.kill('SIGKILL');
    redis?.disconnect();
    await redisServer?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  return [
    `\n== Conversation state (${cpus().length} CPUs; load generator on the same machine) ==`,
    table(rows),
    'per turn: time in Storage.read + Storage.write of one real turn (dialog and FAQ turns), sequential.',
    'HTTP: POST /api/ask from virtual users, each running a 6-turn conversation; Redis adds the turn lock and turn log.',
    ...notes,
  ].join('\n');
}
