// Tests that need a real external program (redis-server, Chromium) run when it is there.
// On a laptop without it they skip with a printed reason; with REQUIRE_SERVICES=1 (set by
// .ci/run) a missing program fails the run instead, so CI always runs those tests.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { redisServerPath } from '../../tools/harness/localRedis.js';

export const servicesRequired = process.env.REQUIRE_SERVICES === '1';
/**
 * `npm run test:fast` (YIDI_FAST_TESTS=1): leave out every test that starts a program — a
 * redis-server, Chromium, the server or a command-line tool in a child process.
 */
export const fastRun = process.env.YIDI_FAST_TESTS === '1';

/** Absolute path of an executable on PATH (or the given absolute path), if present. */
export function findExecutable(name: string): string | undefined {
  const candidates = name.includes('/')
    ? [name]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/**
 * Whether the tests of a service can run. Returns false (and prints why) when they should
 * skip; throws when the service is missing but REQUIRE_SERVICES=1 demands it.
 */
export function serviceAvailable(service: string, present: boolean, howToGet: string): boolean {
  if (fastRun) return false;
  if (present) return true;
  const reason = `${service} not found (${howToGet})`;
  if (servicesRequired) throw new Error(`REQUIRE_SERVICES=1 but ${reason}`);
  console.warn(`skipping ${service} tests: ${reason}`);
  return false;
}

/** Whether the tests that start a redis-server can run here (see serviceAvailable). */
export const redisAvailable = (): boolean =>
  serviceAvailable(
    'redis-server',
    redisServerPath() !== undefined,
    'install redis-server, e.g. apt-get install redis-server',
  );
