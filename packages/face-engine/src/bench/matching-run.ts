// `node dist/bench/matching-run.js`: the matching figures alone (no speed runs), printed and written to docs/benchmarks.md.
import { FaceEngine } from '../engine.js';
import { requireFixtures } from './fixtures.js';
import { matchingFigures, matchingTables } from './matching.js';
import { writeBenchSection } from '@alice-face/bench-report';

requireFixtures();
const engine = await FaceEngine.create();
const tables = matchingTables(await matchingFigures(engine, (s) => process.stderr.write(`${s}\n`)));
console.log(tables);
writeBenchSection({ name: 'face-matching', title: 'Face engine: matching', command: 'node packages/face-engine/dist/bench/matching-run.js', markdown: tables });
