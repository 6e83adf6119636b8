// `pnpm test:reliability`: the load run (50 clients for 60 s) and the
// Onboarding API faults, against built processes (see test/reliability).
import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default defineConfig({
  test: { ...sharedTestConfig(import.meta.dirname), include: ['test/reliability/**/*.test.ts'], testTimeout: 600_000, fileParallelism: false },
});
