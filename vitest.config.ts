import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure modules and one subgraph at a time, seconds) and `graph` (the whole
 * graph through real servers, minutes). `npm test` runs both; `npm run test:unit` the first alone.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Two cores: each through-the-gateway file runs four embedded databases of its own.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'graph', include: ['test/*.test.ts'] } },
    ],
  },
});
