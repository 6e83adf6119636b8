// The challenge's figures per step kind on the fixture segments of
// test/challenge/SEGMENTS.md (the list test/challenge.test.ts reads): each
// segment cut as the test cuts it, tracked at CHALLENGE_FRAMES, and a one-step
// challenge of every kind checked over it. Detections: the segments where the
// action happens and it was seen; false detections: the segments listed as not
// showing it where it was seen anyway.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { runFfmpeg, mediaToolPath } from '../src/decode/ffmpeg.js';
import { CHALLENGE_FRAMES, CHALLENGE_STEP_KINDS, checkChallenge } from '../src/challenge/index.js';
import { extractFaceTrack } from '../src/track.js';
import { readSegments } from '../test/challenge/segments.js';

/** The figures as a markdown table (segments cut under `cacheDir/segments`). */
export async function challengeTable(fixtures: string, cacheDir: string): Promise<string> {
  const dir = join(cacheDir, 'segments');
  mkdirSync(dir, { recursive: true });
  const seen = new Map(CHALLENGE_STEP_KINDS.map((k) => [k, { hit: [] as string[], shows: 0, falses: [] as string[], absent: 0 }]));
  const segments = readSegments();
  for (const seg of segments) {
    const duration = seg.to - seg.from;
    const out = join(dir, `${seg.id}-${seg.clip.replace(/\W+/g, '_')}-${seg.from}-${seg.to}${seg.flip ? '-flip' : ''}.mp4`);
    if (!existsSync(out)) {
      const run = await runFfmpeg(['-y', '-v', 'error', '-ss', String(seg.from), '-i', join(fixtures, 'videos', `${seg.clip}.mp4`), '-t', String(duration), '-an',
        ...(seg.flip ? ['-vf', 'hflip'] : []), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', `${out}.part.mp4`], { binary: mediaToolPath(), timeoutMs: 120_000 });
      if (run.code !== 0) throw new Error(`Could not cut segment ${seg.id}: ${run.stderr.slice(0, 300)}`);
      renameSync(`${out}.part.mp4`, out);
    }
    const { track } = await extractFaceTrack(out, { frames: CHALLENGE_FRAMES });
    const name = seg.flip ? `${seg.id} mirrored` : seg.id;
    for (const kind of CHALLENGE_STEP_KINDS) {
      const step = checkChallenge(track, { steps: [{ kind, start: 0.3, end: duration }] }).steps[0]!;
      const f = seen.get(kind)!;
      if (seg.shows.includes(kind)) {
        f.shows++;
        if (step.passed) f.hit.push(name);
      } else if (seg.absent.includes(kind)) {
        f.absent++;
        if (step.seen) f.falses.push(name);
      }
    }
  }
  const rows = [...seen].map(([kind, f]) => `| ${kind} | ${f.hit.length}/${f.shows} (${f.hit.join(', ')}) | ${f.falses.length}/${f.absent}${f.falses.length ? ` (${f.falses.join(', ')})` : ''} |`);
  return [`${segments.length} segments of the real clips (test/challenge/SEGMENTS.md), ${CHALLENGE_FRAMES} sampled frames each, a one-step challenge per kind whose window is the segment after its first 0.3 s.`,
    '', '| step | detected where it happens | false detections where it does not |', '| --- | --- | --- |', ...rows].join('\n');
}
