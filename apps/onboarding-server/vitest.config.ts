// One suite, two backends: the `sqlite` project (the embedded default) and
// the `postgres` project (PostgreSQL + S3 media + Redis limits, servers
// started by test-support for the run; see test/backend.ts). Without the
// PostgreSQL or Redis binaries, outside CI, the second project is left out
// with one line saying how to get them. The long runs in test/reliability
// belong to `pnpm test:reliability` (vitest.reliability.config.ts), the scale-out
// topology in test/cluster to `pnpm test:cluster` (vitest.cluster.config.ts).
import { defineConfig } from 'vitest/config';
import { haveServices } from '../../test-support/services.js';
import { sharedTestConfig } from '../../vitest.shared.js';

const files = { include: ['test/**/*.test.ts'], exclude: ['test/reliability/**', 'test/cluster/**'] };
const setup = (name: string) => `../../test-support/setup-${name}.ts`;

export default defineConfig({
  test: {
    ...sharedTestConfig(import.meta.dirname),
    projects: [
      { extends: true, test: { name: 'sqlite', ...files } },
      ...(haveServices(['postgres', 'redis'], 'the onboarding server suite on PostgreSQL')
        ? [
            {
              extends: true,
              test: {
                name: 'postgres',
                ...files,
                env: { ONBOARDING_TEST_BACKEND: 'postgres' },
                globalSetup: [setup('postgres'), setup('redis'), setup('s3')],
              },
            },
          ]
        : []),
    ],
  },
});
