import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.js';

// The root scripts' tests (`pnpm test:scripts`, part of `pnpm test`).
export default defineConfig({ test: { ...sharedTestConfig(import.meta.dirname), root: import.meta.dirname, include: ['*.test.mjs'] } });
