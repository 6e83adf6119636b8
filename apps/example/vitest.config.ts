import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    ...sharedTestConfig(import.meta.dirname),
    include: ['test/**/*.test.ts'],
    // The long runs belong to `pnpm test:reliability` (vitest.reliability.config.ts).
    exclude: ['test/reliability/**'],
    // One file at a time: the flow and browser tests each run a face engine,
    // and a starved Chromium drops fake-camera frames.
    fileParallelism: false,
    // A redis-server for the tests of instances sharing sessions and limits (skipped without one).
    globalSetup: ['../../test-support/setup-redis.ts'],
  },
});
