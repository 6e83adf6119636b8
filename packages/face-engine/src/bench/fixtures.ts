// Where the bench finds the shared fixture set (same rule as the tests).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = resolve(process.env.FACE_FIXTURES ?? join(packageDir, '..', '..', '..', 'shared', 'fixtures'));

export function requireFixtures(): void {
  if (!existsSync(join(fixturesDir, 'SOURCES.md'))) {
    throw new Error(`Face fixtures not found at ${fixturesDir}: set FACE_FIXTURES or run \`pnpm fixtures\`.`);
  }
}

export interface PersonFile {
  person: string;
  file: string;
  path: string;
}

export function peopleFiles(): PersonFile[] {
  const root = join(fixturesDir, 'faces', 'people');
  return readdirSync(root)
    .sort()
    .flatMap((person) => readdirSync(join(root, person)).sort().map((file) => ({ person, file, path: join(root, person, file) })));
}
