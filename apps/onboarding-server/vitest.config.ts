import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// The long runs in test/reliability belong to `pnpm test:reliability` (vitest.reliability.config.ts).
export default defineConfig({ test: { ...sharedTestConfig(import.meta.dirname), include: ['test/**/*.test.ts'], exclude: ['test/reliability/**'] } });
