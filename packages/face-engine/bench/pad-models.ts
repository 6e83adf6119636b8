// `pnpm --filter @alice-face/face-engine bench:pad-models`: Human's two
// single-frame presentation-attack models, which the engine does not use, on
// the liveness bench's clips in their own encoding: every real clip of the
// fixtures and its halves, and every attack recipe for each person's first
// photo. Each clip's 15 sampled frames (the engine's decoding) go through
// Human with `antispoof` (its `real`) and `liveness` (its `live`) on; a clip's
// value is the median over the frames where a face was found. The table says
// whether either model could be a liveness cue: what a threshold that passes
// every real clip would also pass. The section goes to docs/benchmarks.md
// (`liveness-pad-models`).
//
// LIVENESS_BENCH_DIR: the liveness bench's cache (attacks and halves are reused from it).
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, quantile, writeBenchSection } from '@alice-face/bench-report';
import { decodeMedia } from '../src/decode/decode-media.js';
import { loadHuman } from '../src/models/human.js';
import { fixturesDir, hasFixtures } from '../test/support/fixtures.js';
import { buildBenchSet, type BenchClip } from './liveness-set.js';

if (!hasFixtures) process.exit(1); // the fixture finder printed how to get the set

const cacheDir = process.env.LIVENESS_BENCH_DIR ?? join(tmpdir(), 'face-engine-liveness-bench');
mkdirSync(cacheDir, { recursive: true });
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const clips = (await buildBenchSet({ fixtures: fixturesDir, cacheDir, salt: '', attackEncodings: 0, liveEncodings: false, photosPerPerson: 1, concurrency: 2, progress: log }))
  .filter((c) => c.encoding === 'original');
log(`${clips.length} clips`);

const PAD = { antispoof: { enabled: true, skipFrames: 0, skipTime: 0 }, liveness: { enabled: true, skipFrames: 0, skipTime: 0 } };
const human = await loadHuman();
await human.load({ face: PAD });

interface Scored { clip: BenchClip; real: number; live: number }
const scored: Scored[] = [];
for (const clip of clips) {
  const decoded = await decodeMedia(clip.file).catch(() => null);
  if (!decoded) continue;
  const real: number[] = [], live: number[] = [];
  for (const frame of decoded.frames) {
    const input = human.tf.tensor3d(Float32Array.from(frame.rgb), [decoded.height, decoded.width, 3], 'float32');
    try {
      const result = await human.detect(input, { cacheSensitivity: 0, face: PAD });
      // The largest face: the one the engine would follow.
      const face = [...result.face].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0] as { real?: number; live?: number } | undefined;
      if (face?.real !== undefined && face.live !== undefined) {
        real.push(face.real);
        live.push(face.live);
      }
    } finally {
      input.dispose();
    }
  }
  if (real.length) scored.push({ clip, real: median(real), live: median(live) });
  if (scored.length % 50 === 0) log(`  ${scored.length}/${clips.length}`);
}

const fmt = (v: number): string => v.toFixed(2);
const spread = (xs: number[]): string => `${fmt(median(xs))} (${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}, 10th percentile ${fmt(quantile(xs, 0.1))})`;
const live = scored.filter((s) => s.clip.kind === 'live');
const replays = scored.filter((s) => s.clip.kind !== 'live');
const kinds = [...new Set(replays.map((s) => s.clip.kind))];
const rows = [
  ['real clips and halves', live] as const,
  ...kinds.map((k) => [`replays: ${k}`, replays.filter((s) => s.clip.kind === k)] as const),
  ['replays: all kinds', replays] as const,
].map(([label, set]) => `| ${label} | ${set.length} | ${spread(set.map((s) => s.real))} | ${spread(set.map((s) => s.live))} |`);
/** What a threshold at the lowest real clip's value (so every real clip passes) lets through. */
const passAll = (key: 'real' | 'live'): string => {
  const floor = Math.min(...live.map((s) => s[key]));
  return `${replays.filter((s) => s[key] >= floor).length} of ${replays.length} replays (threshold ${fmt(floor)})`;
};
/** What a threshold just over the highest replay (so no replay passes) refuses. */
const refuseAll = (key: 'real' | 'live'): string => {
  const ceiling = Math.max(...replays.map((s) => s[key]));
  return `${live.filter((s) => s[key] <= ceiling).length} of ${live.length} real clips refused (above ${fmt(ceiling)})`;
};
const markdown = [
  '| clips | n | `real` (antispoof), per-clip median: median (range, 10th percentile) | `live` (liveness), the same |',
  '| --- | --- | --- | --- |',
  ...rows,
  '',
  '| threshold | on `real` | on `live` |',
  '| --- | --- | --- |',
  `| passes every real clip; also passes | ${passAll('real')} | ${passAll('live')} |`,
  `| passes no replay; also refuses | ${refuseAll('real')} | ${refuseAll('live')} |`,
].join('\n');
console.log(markdown);
writeBenchSection({
  name: 'liveness-pad-models',
  title: "Face engine: Human's single-frame anti-spoofing models (measured, not used)",
  command: 'pnpm --filter @alice-face/face-engine bench:pad-models',
  markdown,
});
