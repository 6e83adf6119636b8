// The repository's shared fixture finder (FACE_FIXTURES, else ../shared/fixtures).
export { fixture, fixturesDir, hasFixtures } from '../../../../test-support/fixtures.js';
