// Opening the configured store: SQLite sweeps idle records on open and its sweep timer never
// holds the process; an unreachable Redis fails fast (no queue) and reports not ready.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/knowledge/paths.js';
import { StorageUnavailableError } from '../../src/storage/errors.js';
import { openStores } from '../../src/storage/openStores.js';
import { storageSettings } from '../../src/storage/settings.js';
import { openSqlite } from '../../src/storage/sqliteDatabase.js';
import { compiled } from '../../tools/harness/compiled.js';
import { freePort } from '../../tools/harness/freePort.js';
import { fastRun } from '../helpers/services.js';
import { tempDir } from '../helpers/tempDir.js';

const dir = tempDir('yidi-open-');
afterAll(() => dir.remove());
const DAY = 86_400_000;

describe('openStores', () => {
  it('SQLite: records idle longer than STATE_TTL_DAYS are swept when the store opens', async () => {
    const settings = storageSettings(
      loadConfig({ STORAGE: 'sqlite', SQLITE_PATH: dir.file('sweep.sqlite') }),
    );
    let now = Date.UTC(2026, 10, 1);
    const first = openStores(settings, { now: () => now });
    await first.storage.write({ old: { v: 'old' } });
    now += 20 * DAY;
    await first.storage.write({ recent: { v: 'recent' } });
    await first.close();

    now += 15 * DAY; // "old" is 35 days idle, "recent" 15
    const second = openStores(settings, { now: () => now });
    const db = openSqlite(settings.sqlitePath, { readonly: true });
    const keys = db.prepare('SELECT key FROM state ORDER BY key').all();
    db.close();
    expect(keys).toEqual([{ key: 'recent' }]);
    await second.close();
    await second.close(); // closing twice is harmless
  });

  it.skipIf(fastRun)(
    'SQLite: a process that opens the store and never closes it still exits by itself',
    () => {
      const url = (source: string) => JSON.stringify(pathToFileURL(compiled(source)).href);
      const script = `
      import { openStores } from ${url('src/storage/openStores.ts')};
      import { storageSettings } from ${url('src/storage/settings.ts')};
      import { loadConfig } from ${url('src/config.ts')};
      const stores = openStores(storageSettings(loadConfig({ STORAGE: 'sqlite', SQLITE_PATH: ${JSON.stringify(dir.file('timer.sqlite'))} })));
      await stores.storage.write({ k: { v: 1 } });
      console.log('opened');
    `;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: projectRoot,
        encoding: 'utf8',
        timeout: 30000,
      });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('opened');
      expect(r.status).toBe(0);
    },
  );

  it('memory: botbuilder MemoryStorage and an in-memory turn log', async () => {
    const stores = openStores(storageSettings(loadConfig({ STORAGE: 'memory' })));
    expect(stores.storage.constructor.name).toBe('MemoryStorage');
    expect(stores.turnLog).toBeDefined();
    expect(await stores.ready(10)).toBe(true);
  });

  it('TURN_LOG=off: no turn log', () => {
    const stores = openStores(storageSettings(loadConfig({ STORAGE: 'memory', TURN_LOG: 'off' })));
    expect(stores.turnLog).toBeUndefined();
  });

  it('Redis unreachable: not ready, and reads fail at once instead of waiting in a queue', async () => {
    const port = await freePort();
    const settings = storageSettings(
      loadConfig({ STORAGE: 'redis', REDIS_URL: `redis://:secret@127.0.0.1:${port}` }),
    );
    const stores = openStores(settings);
    try {
      expect(stores.where).toBe(`redis://:***@127.0.0.1:${port}`);
      expect(await stores.ready(300)).toBe(false);
      const started = Date.now();
      await expect(stores.storage.read(['k'])).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(stores.storage.write({ k: { v: 1 } })).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(stores.turnLog?.list(0, 1)).rejects.toBeInstanceOf(StorageUnavailableError);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await stores.close();
    }
  });
});
