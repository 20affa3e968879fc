// Read-only access to the turn log the server writes, for `npm run report`: the SQLite file
// (never created here) or the Redis stream. Kept apart from openStores so the report starts
// without loading the bot framework.
import { existsSync } from 'node:fs';
import { createRedisClient, redactUrl, waitUntilReady } from '../redisClient.js';
import type { StorageSettings } from '../settings.js';
import { openSqlite } from '../sqliteDatabase.js';
import { RedisTurnLog } from './redisTurnLog.js';
import { SqliteTurnLog } from './sqliteTurnLog.js';
import type { TurnLogStore } from './turnLog.js';

export async function openTurnLogReader(settings: StorageSettings): Promise<{
  turnLog: TurnLogStore;
  where: string;
  close(): Promise<void>;
}> {
  if (settings.kind === 'sqlite') {
    if (!existsSync(settings.sqlitePath))
      throw new Error(
        `还没有对话日志：找不到 ${settings.sqlitePath}（服务还没有启动过，或 SQLITE_PATH/STATE_DIR 与服务的设置不同）` +
          ' / no turn log yet: the file does not exist (server never started, or a different SQLITE_PATH/STATE_DIR)',
      );
    const db = openSqlite(settings.sqlitePath, { readonly: true });
    return {
      turnLog: new SqliteTurnLog(db),
      where: settings.sqlitePath,
      close: async () => {
        db.close();
      },
    };
  }
  if (settings.kind === 'redis' && settings.redis) {
    const redis = createRedisClient(settings.redis);
    redis.on('error', () => {}); // reported below when it never connects
    if (!(await waitUntilReady(redis, 5000))) {
      redis.disconnect();
      throw new Error(`无法连接 Redis (cannot reach Redis): ${redactUrl(settings.redis.url)}`);
    }
    return {
      turnLog: new RedisTurnLog(redis, settings.keyPrefix),
      where: redactUrl(settings.redis.url),
      close: async () => {
        await redis.quit().catch(() => undefined);
        redis.disconnect();
      },
    };
  }
  throw new Error('STORAGE=memory keeps no turn log on disk');
}
