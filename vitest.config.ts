import { defineConfig } from 'vitest/config';

// The screen tests (a pseudo-terminal, real timing) run after everything else,
// one file at a time: beside two integration files on a 2-core machine a
// frame or a quit can take seconds longer than an operator would ever see.
const screen = ['test/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    // The cockpit's e2e tests need the built bin/helmdeck: `npm test` builds first.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'parallel',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: screen,
          // Integration tests start servers and the real helm; two cores here.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'screen',
          include: screen,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
