// A user who leaves, on the real server process and its SQLite file: WeChat dedupe rows
// (whose replies restate the user's situation) expire at the storage level, so even a
// process killed with kill -9 leaves nothing behind for long — the next start sweeps them
// once their ten minutes are over. Turn-log rows stay, masked and under a salted hash.
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openStores } from '../../src/storage/openStores.js';
import { storageSettings } from '../../src/storage/settings.js';
import { openSqlite } from '../../src/storage/sqliteDatabase.js';
import { startBotProcess } from '../../tools/harness/botProcess.js';
import { fastRun } from '../helpers/services.js';
import { tempDir } from '../helpers/tempDir.js';
import { WechatClient, xml } from '../helpers/wechat.js';

const WECHAT = { token: 'leavingUserToken2026' };
const dir = tempDir('yidi-leaving-');
afterAll(() => dir.remove());

describe.skipIf(fastRun)('dedupe rows after kill -9', () => {
  it('expire ten minutes after the reply; the next start sweeps them', async () => {
    const path = dir.file('leaving.sqlite');
    const env = {
      STORAGE: 'sqlite',
      SQLITE_PATH: path,
      WECHAT_TOKEN: WECHAT.token,
      USER_HASH_SALT: 'leaving-user-salt-42',
    };
    const bot = await startBotProcess(env);
    const seconds = () => Math.floor(Date.now() / 1000);
    const wechat = new WechatClient(bot.base, WECHAT, seconds);
    const sent = await wechat.plain(
      xml.text({ from: 'oLeaving42', createTime: seconds() }, '江门 台山 咨询电话', '7400000000000000001'),
    );
    expect(sent.status).toBe(200);
    const repliedAt = Date.now();
    bot.kill('SIGKILL');
    expect((await bot.exited).signal).toBe('SIGKILL');

    const db = openSqlite(path, { readonly: true });
    const rows = db
      .prepare<[], { owner: string; value: string; expires: number }>(
        "SELECT owner, value, expires FROM claims WHERE id LIKE 'wechat/dedupe/%'",
      )
      .all();
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.value).toContain('5513895');
    expect(rows[0]?.owner).toMatch(/^wechat:[A-Za-z0-9_-]{32}$/);
    expect((rows[0]?.expires ?? 0) - repliedAt).toBeLessThanOrEqual(600_000);

    // The next start, eleven minutes later: the sweep at start removes the row.
    const later = repliedAt + 11 * 60_000;
    const stores = openStores(storageSettings(loadConfig(env)), { now: () => later });
    await stores.close();
    const after = openSqlite(path, { readonly: true });
    const left = after.prepare("SELECT count(*) AS n FROM claims WHERE id LIKE 'wechat/dedupe/%'").get() as {
      n: number;
    };
    after.close();
    expect(left.n).toBe(0);
  });
});
