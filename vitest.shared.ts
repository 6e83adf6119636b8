// Shared Vitest settings: every package's vitest.config.ts spreads this.
// When CI_REPORT_DIR is set (by .ci/run), each package also writes a JSON
// report there so the totals over all packages can be printed as one line.
import { basename } from 'node:path';
import type { ViteUserConfig } from 'vitest/config';

export function sharedTestConfig(packageDir: string): NonNullable<ViteUserConfig['test']> {
  const reportDir = process.env.CI_REPORT_DIR;
  return {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: reportDir ? ['default', 'json'] : ['default'],
    ...(reportDir ? { outputFile: { json: `${reportDir}/${basename(packageDir)}.json` } } : {}),
  };
}
