// `pnpm bench`: matching and speed figures of the face engine, as a table.
import { cpus } from 'node:os';
import { FaceEngine } from '../engine.js';
import { DECISION_DISTANCE } from '../match.js';
import { requireFixtures } from './fixtures.js';
import { matchingFigures } from './matching.js';
import { speedFigures } from './speed.js';

requireFixtures();
const runs = Number(process.env.BENCH_RUNS ?? 10);
const speed = await speedFigures(runs);
const withChallenge = await speedFigures(runs, true);
const engine = await FaceEngine.create();
const m = await matchingFigures(engine);

const rows: Array<[string, string]> = [
  ['faces/people photos described', `${m.faces}${m.noFace.length ? ` (no face: ${m.noFace.join(', ')})` : ''}`],
  ['genuine / impostor pairs', `${m.genuine} / ${m.impostor}`],
  [`false accepts at 50 (distance ${DECISION_DISTANCE})`, `${m.falseAccepts} of ${m.impostor}`],
  ['false rejects at 50', `${m.falseRejects} of ${m.genuine} (${((100 * m.falseRejects) / Math.max(1, m.genuine)).toFixed(1)}%)`],
  ['largest genuine / smallest impostor distance', `${m.maxGenuineDistance.toFixed(3)} / ${m.minImpostorDistance.toFixed(3)}`],
  ['stage clip vs his photo', String(m.stage.ownPhoto)],
  ['stage clip vs best other person', `${m.stage.bestOther} (${m.stage.bestOtherPerson}); ${m.stage.othersAbove50} others >= 50`],
  [`analyze 4-s 512x512 clip, 1 worker, ${speed.runs} runs`, `median ${speed.medianMs} ms, p95 ${speed.p95Ms} ms`],
  ['CPU per analysis (whole process, all threads, median; ffmpeg not included)', `${speed.cpuMedianMs} ms`],
  ['1-min load average before / after the speed runs', `${speed.loadAverage[0]} / ${speed.loadAverage[1]} (2 cores)`],
  ['where the time goes (median ms)', Object.entries(speed.stages).map(([k, v]) => `${k} ${v}`).join(', ')],
  [`the same with a challenge (denser sampling), ${withChallenge.runs} runs`, `median ${withChallenge.medianMs} ms, p95 ${withChallenge.p95Ms} ms, CPU ${withChallenge.cpuMedianMs} ms`],
  ['where the time goes with a challenge (median ms)', Object.entries(withChallenge.stages).map(([k, v]) => `${k} ${v}`).join(', ')],
  ['process RSS before pool / with 1 worker', `${speed.rssBeforeMb} MB / ${speed.rssAfterMb} MB`],
  ['machine', `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`],
];
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`| ${'figure'.padEnd(w)} | value |`);
console.log(`| ${'-'.repeat(w)} | --- |`);
for (const [k, v] of rows) console.log(`| ${k.padEnd(w)} | ${v} |`);
if (m.worstGenuine.length) console.log(`\nHardest genuine pairs (distance): ${m.worstGenuine.join('; ')}`);
