// Same lookup as ../../../../test-support/fixtures.ts (FACE_FIXTURES, else
// ../shared/fixtures beside the repository). Mirrored here because that file
// is compiled as CommonJS under this package's tsc (the root package.json has
// no "type": "module") and lies outside rootDir; see the README's notes.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export const fixturesDir = resolve(process.env.FACE_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures'));

export const hasFixtures = existsSync(join(fixturesDir, 'SOURCES.md'));

if (!hasFixtures) {
  if (process.env.CI === 'true') {
    throw new Error(`Face fixtures not found at ${fixturesDir}: set FACE_FIXTURES or run \`pnpm fixtures\`.`);
  }
  console.warn(`Skipping media tests: no face fixtures at ${fixturesDir} (run \`pnpm fixtures\` or set FACE_FIXTURES).`);
}

export function fixture(relativePath: string): string {
  return join(fixturesDir, relativePath);
}
