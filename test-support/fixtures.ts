// Finds the shared face fixture set (photos and selfie clips) for tests.
// FACE_FIXTURES wins; otherwise ../shared/fixtures beside the repository.
// Without the set, media tests are skipped with one line saying how to get
// it; under CI=true a missing set is an error, so CI never passes vacuously.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const fixturesDir = resolve(process.env.FACE_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures'));

export const hasFixtures = existsSync(join(fixturesDir, 'SOURCES.md'));

if (!hasFixtures) {
  if (process.env.CI === 'true') {
    throw new Error(`Face fixtures not found at ${fixturesDir}: set FACE_FIXTURES or run \`pnpm fixtures\`.`);
  }
  console.warn(`Skipping media tests: no face fixtures at ${fixturesDir} (run \`pnpm fixtures\` or set FACE_FIXTURES).`);
}

/** Absolute path of a file inside the fixture set, e.g. fixture('videos/real-selfie-1.mp4'). */
export function fixture(relativePath: string): string {
  return join(fixturesDir, relativePath);
}
