import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// Two projects: Svelte components in jsdom, the Express server (and the
// Chromium end-to-end run) in node. Reporters come from the shared config.
export default defineConfig({
  test: {
    ...sharedTestConfig(import.meta.dirname),
    projects: [
      {
        extends: true,
        plugins: [svelte(), svelteTesting()],
        test: {
          name: 'components',
          environment: 'jsdom',
          include: ['test/components/**/*.test.ts'],
          setupFiles: ['./test/components/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
