// `node dist/bench/matching-run.js`: the matching figures alone (no speed runs), printed and written to docs/benchmarks.md.
import { FaceEngine } from '../engine.js';
import { requireFixtures } from './fixtures.js';
import { matchingFigures, matchingTables } from './matching.js';
import { writeBenchSection } from './report-file.js';

requireFixtures();
const engine = await FaceEngine.create();
const tables = matchingTables(await matchingFigures(engine, (s) => process.stderr.write(`${s}\n`)));
console.log(tables);
writeBenchSection('face-matching', 'Face engine: matching', 'node packages/face-engine/dist/bench/matching-run.js', tables);
