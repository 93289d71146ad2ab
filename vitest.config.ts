import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Two cores: each through-the-gateway file runs four embedded databases of its own.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
