// `pnpm test:cluster` (run by CI through the root `pnpm test`): the scale-out
// topology on loopback (test/cluster), against the built server and worker:
// PostgreSQL, Redis and the S3-compatible server started by test-support.
// Without the PostgreSQL or Redis binaries, outside CI, it is skipped with
// one line saying how to get them.
import { defineConfig } from 'vitest/config';
import { haveServices } from '../../test-support/services.js';
import { sharedTestConfig } from '../../vitest.shared.js';

const setup = (name: string) => `../../test-support/setup-${name}.ts`;
const shared = sharedTestConfig(import.meta.dirname);
const reportDir = process.env.CI_REPORT_DIR;

export default defineConfig({
  test: {
    ...shared,
    ...(reportDir ? { outputFile: { json: `${reportDir}/onboarding-server-cluster.json` } } : {}),
    include: haveServices(['postgres', 'redis'], 'the cluster test') ? ['test/cluster/**/*.test.ts'] : [],
    passWithNoTests: true,
    globalSetup: [setup('postgres'), setup('redis'), setup('s3')],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
