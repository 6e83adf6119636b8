// The repository's shared fixture finder (test-support/fixtures.ts), loaded
// by URL: the root package.json has no "type": "module", so `tsc` would read
// that file as CommonJS and reject its ESM syntax. Once the root (or
// test-support/) is ESM, import it directly as COMMON.md shows.
interface SharedFixtures {
  fixture(relativePath: string): string;
  hasFixtures: boolean;
  fixturesDir: string;
}

const shared = (await import(new URL('../../../../test-support/fixtures.ts', import.meta.url).href)) as SharedFixtures;

export const { fixture, hasFixtures, fixturesDir } = shared;
