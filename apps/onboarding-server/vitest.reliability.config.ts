// `pnpm test:reliability`: the long runs (queue under load, memory over 500
// authentications, SIGTERM drain, kill -9 recovery) against the built server.
import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default defineConfig({
  test: { ...sharedTestConfig(import.meta.dirname), include: ['test/reliability/**/*.test.ts'], testTimeout: 900_000, fileParallelism: false },
});
