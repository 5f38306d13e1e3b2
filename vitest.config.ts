import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // The cockpit's e2e tests need the built bin/helmdeck: `npm test` builds first.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Integration tests start servers and the real helm; two cores here.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
