import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    ...sharedTestConfig(import.meta.dirname),
    include: ['test/**/*.test.ts'],
    // One file at a time: the flow and browser tests each run a face engine,
    // and a starved Chromium drops fake-camera frames.
    fileParallelism: false,
  },
});
