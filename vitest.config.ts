import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // jieba's dictionary and the indexes load once per test file (~1–2 s).
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: 'forks',
    reporters: ['default'],
  },
});
