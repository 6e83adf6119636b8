// `pnpm bench`, liveness part: builds the replay-attack set from every photo
// of fixtures/faces/people with the test recipes (test/attacks: static, zoom,
// pan, shake, rotate, tilt, bend, screen), takes the real selfie clips and
// their 2-s halves (cut with ffmpeg here, as the tests cut them), scores all
// of them, and prints APCER per attack kind and BPCER at 50.
//
// The set is written to LIVENESS_BENCH_DIR (kept, so a second run only
// scores) or a temp dir removed at the end. About 7 minutes on 2 cores.
// LIVENESS_BENCH_SALT=ho- builds every replay with other seeds (held-out set).
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mediaToolPath } from '../src/decode/ffmpeg.js';
import { benchMarkdown, scoreFiles, summariseBench } from '../src/liveness/bench.js';
import { extractFaceTrack } from '../src/track.js';
import { buildAttackSet } from '../test/attacks/index.js';
import { fixture, hasFixtures } from '../test/support/fixtures.js';

if (!hasFixtures) process.exit(1); // the fixture finder printed how to get the set

const keep = process.env.LIVENESS_BENCH_DIR;
// Another seed for every replay (hand sway, glare path, bend): a held-out set for checking thresholds set on the default one.
const salt = process.env.LIVENESS_BENCH_SALT ?? '';
const dir = keep ?? mkdtempSync(join(tmpdir(), 'liveness-bench-'));
mkdirSync(dir, { recursive: true });
const run = promisify(execFile);
try {
  const started = performance.now();
  process.stderr.write(`building the attack set in ${dir}…\n`);
  const attacks = await buildAttackSet(fixture('faces/people'), dir, undefined, salt);
  const videos = fixture('videos');
  for (const clip of readdirSync(videos).filter((f) => /^real-selfie-\d+\.mp4$/.test(f)).sort()) {
    const stem = clip.replace(/\.mp4$/, '');
    if (!existsSync(join(dir, clip))) copyFileSync(join(videos, clip), join(dir, clip));
    for (const [half, from] of [['h1', '0'], ['h2', '2']] as const) {
      const out = join(dir, `${stem}-${half}.mp4`);
      if (!existsSync(out)) await run(mediaToolPath(), ['-v', 'error', '-ss', from, '-t', '2', '-i', join(videos, clip), '-an', '-c:v', 'libx264', '-crf', '20', out]);
    }
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.mp4')).sort().map((f) => join(dir, f));
  process.stderr.write(`${attacks.length} attacks, ${files.length - attacks.length} live clips; scoring…\n`);
  let done = 0;
  const rows = await scoreFiles(files, (f) => extractFaceTrack(f), () => {
    if (++done % 50 === 0) process.stderr.write(`  ${done}/${files.length}\n`);
  });
  const live = rows.filter((r) => r.kind === 'live').map((r) => `${r.name.replace(/\.mp4$/, '')} ${r.score}`);
  console.log(benchMarkdown(summariseBench(rows)));
  console.log(`\nLive clips: ${live.join(', ')}`);
  console.log(`(${files.length} clips in ${Math.round((performance.now() - started) / 1000)} s)`);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
