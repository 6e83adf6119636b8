// `pnpm bench`: matching and speed figures of the face engine, as a table.
import { cpus } from 'node:os';
import { FaceEngine } from '../engine.js';
import { requireFixtures } from './fixtures.js';
import { matchingFigures, matchingTables } from './matching.js';
import { speedFigures } from './speed.js';
import { bundledFfmpegPath, ffmpegInfo } from '../decode/ffmpeg.js';
import { writeBenchSection } from '@alice-face/bench-report';

requireFixtures();
const runs = Number(process.env.BENCH_RUNS ?? 10);
const speed = await speedFigures(runs);
const withChallenge = await speedFigures(runs, true);
// The engine without its helper thread: one core per analysis (what a saturated machine gives each one).
const alone = { passive: await speedFigures(runs, false, false), challenge: await speedFigures(runs, true, false) };
const decoder = await ffmpegInfo();
// The decoder's own start-up and decode cost, shown against the bundled static
// build (older and unpatched, but quicker to start than a distribution's
// dynamically linked ffmpeg): what an operator's choice of FFMPEG_PATH costs.
let bundled: { passive: Awaited<ReturnType<typeof speedFigures>>; challenge: Awaited<ReturnType<typeof speedFigures>> } | undefined;
if (decoder.source !== 'bundled') {
  const before = process.env.FFMPEG_PATH;
  process.env.FFMPEG_PATH = bundledFfmpegPath();
  bundled = { passive: await speedFigures(runs), challenge: await speedFigures(runs, true) };
  if (before === undefined) delete process.env.FFMPEG_PATH;
  else process.env.FFMPEG_PATH = before;
}
const engine = await FaceEngine.create();
const m = await matchingFigures(engine);

const rows: Array<[string, string]> = [
  [`analyze 4-s 512x512 clip, 1 worker, ${speed.runs} runs`, `median ${speed.medianMs} ms, p95 ${speed.p95Ms} ms`],
  ['CPU per analysis (whole process, all threads, median; ffmpeg not included)', `${speed.cpuMedianMs} ms`],
  ['1-min load average before / after the speed runs', `${speed.loadAverage[0]} / ${speed.loadAverage[1]} (2 cores)`],
  ['where the time goes (median ms)', Object.entries(speed.stages).map(([k, v]) => `${k} ${v}`).join(', ')],
  [`the same with a challenge (denser sampling), ${withChallenge.runs} runs`, `median ${withChallenge.medianMs} ms, p95 ${withChallenge.p95Ms} ms, CPU ${withChallenge.cpuMedianMs} ms`],
  ['where the time goes with a challenge (median ms)', Object.entries(withChallenge.stages).map(([k, v]) => `${k} ${v}`).join(', ')],
  [`the same without the helper thread (helper: false), ${runs} runs each`, `passive median ${alone.passive.medianMs} ms, CPU ${alone.passive.cpuMedianMs} ms; with a challenge median ${alone.challenge.medianMs} ms, CPU ${alone.challenge.cpuMedianMs} ms`],
  ['decoding ffmpeg', `${decoder.version} (${decoder.source}: ${decoder.path})`],
  ...(bundled
    ? [[`the same decoded by the bundled ffmpeg (FFMPEG_PATH), ${runs} runs each`, `passive median ${bundled.passive.medianMs} ms (${Object.entries(bundled.passive.stages).map(([k, v]) => `${k} ${v}`).join(', ')}); with a challenge median ${bundled.challenge.medianMs} ms`] as [string, string]]
    : []),
  ['process RSS before pool / with 1 worker', `${speed.rssBeforeMb} MB / ${speed.rssAfterMb} MB`],
  ['machine', `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`],
];
const matching = matchingTables(m);
const speedTable = ['| figure | value |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
console.log(`## Matching\n\n${matching}\n\n## Speed\n\n${speedTable}`);
writeBenchSection({ name: 'face-matching', title: 'Face engine: matching', command: 'pnpm bench (face-engine: node dist/bench/run.js)', markdown: matching });
writeBenchSection({ name: 'face-speed', title: 'Face engine: speed', command: `pnpm bench (face-engine: node dist/bench/run.js, BENCH_RUNS=${runs})`, markdown: speedTable });
