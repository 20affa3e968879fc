import { defineConfig } from 'vitest/config';

// `npm test`: everything. `npm run test:fast` (YIDI_FAST_TESTS=1): no Chromium, no fuzzing and
// no child processes (redis-server, the server, the commands) — test/helpers/services.ts.
const fast = process.env.YIDI_FAST_TESTS === '1';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: fast ? ['test/e2e/**', 'test/fuzz/**'] : [],
    // The full run compiles the program once for the tests that start it in a child process.
    globalSetup: fast ? [] : ['test/helpers/buildOnce.ts'],
    // jieba's dictionary and the indexes load once per test file (~1–2 s).
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: 'forks',
    // Both cores for the fast run (the default leaves one free; the full run starts servers).
    maxWorkers: fast ? 2 : undefined,
    reporters: ['default'],
  },
});
