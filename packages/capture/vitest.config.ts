import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    ...sharedTestConfig(import.meta.dirname),
    include: ['test/**/*.test.ts'],
    // One Chromium at a time: a starved browser drops fake-camera frames.
    fileParallelism: false,
  },
});
