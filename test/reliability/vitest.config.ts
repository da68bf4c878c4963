// `npm run test:reliability`: fuzzing, security and crash suites, run by CI after `npm test`.
// Their files end in .reliability.ts so the default `vitest run` (npm test) does not pick them up.
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: join(import.meta.dirname, '..', '..'),
    include: ['test/reliability/**/*.reliability.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Four files of about equal weight; two at a time keeps a 2-CPU runner busy without thrashing.
    maxWorkers: 2,
  },
});
