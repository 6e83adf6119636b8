// `pnpm bench` (liveness part) or `pnpm --filter @alice-face/face-engine bench:liveness`:
// builds the bench set (bench/liveness-set.ts: every real clip of the fixtures
// and its halves, in their encoding and through the encoding matrix; every
// attack recipe for each person's first photo, or every photo, in its encoding
// and through a rotating part of the matrix), scores it in LIVENESS_BENCH_JOBS
// processes, prints the tables (explained in src/liveness/README.md) and the
// challenge's figures per step kind (bench/challenge-figures.ts).
//
// LIVENESS_BENCH_DIR: where encodes, attacks and face tracks are kept between
//   runs (default: <tmp>/face-engine-liveness-bench; everything is keyed by its recipe).
// LIVENESS_BENCH_SALT: another seed for every attack recipe (held-out replays).
// LIVENESS_BENCH_ATTACK_ENCODINGS: matrix encodings per attack (default 2).
// LIVENESS_BENCH_FULL=1: attacks from every photo of every person (872 replays); by default
//   from each person's first photo (280 replays: every kind, every person, and over them
//   every encoding of the matrix for every kind). Live clips are always all of them.
// LIVENESS_BENCH_JOBS: scoring processes, and encodes run at once (default 2).
// The tables go to docs/benchmarks.md (sections `liveness` and `challenge`; `liveness-heldout`
// with a salt). Every scored row (clip, encoding, kind, score and the cues' measures) is also
// written to <LIVENESS_BENCH_DIR>/rows<-salt>.json, for looking into a figure.
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchMarkdown, type BenchRow } from '../src/liveness/bench.js';
import { fixturesDir, hasFixtures } from '../test/support/fixtures.js';
import { writeBenchSection } from '@alice-face/bench-report';
import { challengeTable } from './challenge-figures.js';
import { ENCODINGS } from './encoding-matrix.js';
import { buildBenchSet, type BenchClip } from './liveness-set.js';

if (!hasFixtures) process.exit(1); // the fixture finder printed how to get the set

const cacheDir = process.env.LIVENESS_BENCH_DIR ?? join(tmpdir(), 'face-engine-liveness-bench');
const salt = process.env.LIVENESS_BENCH_SALT ?? '';
const attackEncodings = Number(process.env.LIVENESS_BENCH_ATTACK_ENCODINGS ?? 2);
const jobs = Math.max(1, Number(process.env.LIVENESS_BENCH_JOBS ?? 2));
const full = process.env.LIVENESS_BENCH_FULL === '1';
mkdirSync(cacheDir, { recursive: true });

const started = performance.now();
const log = (line: string): void => void process.stderr.write(`${line}\n`);
log(`building the bench set in ${cacheDir}…`);
const clips = await buildBenchSet({ fixtures: fixturesDir, cacheDir, salt, attackEncodings, concurrency: jobs, progress: log, ...(full ? {} : { photosPerPerson: 1 }) });
log(`${clips.length} clips; scoring in ${jobs} processes…`);

const worker = fileURLToPath(new URL('./liveness-worker.ts', import.meta.url));
const rows: BenchRow[] = [];
await Promise.all(Array.from({ length: jobs }, (_, j) => new Promise<void>((resolve, reject) => {
  const mine = clips.filter((_, k) => k % jobs === j);
  const child = fork(worker, [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('message', (row: BenchRow) => {
    rows.push(row);
    if (rows.length % 100 === 0) log(`  ${rows.length}/${clips.length}`);
  });
  child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`A bench worker exited with ${code}.`))));
  child.send({ clips: mine satisfies BenchClip[], cacheDir });
})));

writeFileSync(join(cacheDir, `rows${salt ? `-${salt}` : ''}.json`), JSON.stringify(rows));
const live = rows.filter((r) => r.kind === 'live');
const summary = `${rows.length} clips: ${live.length} live (${new Set(live.map((r) => r.source)).size} clips × original + ${ENCODINGS.length} encodings), `
  + `${rows.length - live.length} attacks (${new Set(rows.filter((r) => r.kind !== 'live').map((r) => r.source)).size} replays × original + ${attackEncodings} encodings; `
  + `${full ? 'every photo' : 'each person\'s first photo'}${salt ? `, seeds salted ${salt}` : ''}), scored in ${Math.round((performance.now() - started) / 1000)} s by ${jobs} processes.`;
const markdown = `${summary}\n\n${benchMarkdown(rows)}`;
console.log(markdown);
const command = `pnpm --filter @alice-face/face-engine bench:liveness${full ? ' (LIVENESS_BENCH_FULL=1)' : ''}${salt ? ` (LIVENESS_BENCH_SALT=${salt})` : ''}`;
writeBenchSection({ name: salt ? 'liveness-heldout' : 'liveness', title: salt ? 'Face engine: liveness, held-out replays' : 'Face engine: liveness', command, markdown });
if (!salt) {
  const challenge = await challengeTable(fixturesDir, cacheDir);
  console.log(`\n${challenge}`);
  writeBenchSection({ name: 'challenge', title: 'Face engine: challenge steps', command, markdown: challenge });
}
