// The repository's shared fixture finder (test-support/fixtures.ts), loaded by
// URL so that `tsc --noEmit` here does not compile it: the root package.json
// has no "type": "module", so TypeScript would read that file as CommonJS and
// reject its ESM syntax. Once the root is ESM, import it directly.
interface SharedFixtures {
  fixture(relativePath: string): string;
  hasFixtures: boolean;
  fixturesDir: string;
}

const shared = (await import(new URL('../../../test-support/fixtures.ts', import.meta.url).href)) as SharedFixtures;

export const { fixture, hasFixtures, fixturesDir } = shared;
