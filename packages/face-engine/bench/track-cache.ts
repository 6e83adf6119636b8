// The face track of a bench clip, kept on disk: Human's detection is most of
// a clip's cost, and it does not change while the liveness cues do. Keyed by
// the clip's bytes and a fingerprint of the code that makes the track
// (decoding, detection, tracking, the model settings), so a change there
// detects afresh. The frames and the eyes' region are decoded again on every
// read (the same frames: decoding is deterministic).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeMedia } from '../src/decode/decode-media.js';
import { extractFaceTrack, readEyes } from '../src/track.js';
import type { RegionFrames } from '../src/decode/region.js';
import type { AnalyzeOptions, DecodedFrames, FaceTrack } from '../src/types.js';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Hash of the sources a track depends on. */
export function trackerFingerprint(): string {
  const h = createHash('sha256');
  for (const f of [...filesUnder(join(src, 'decode')), ...filesUnder(join(src, 'detect')), join(src, 'track.ts'), join(src, 'models', 'human.ts')]) {
    h.update(f.slice(src.length)).update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 12);
}

export function trackCache(dir: string, opts: AnalyzeOptions = {}) {
  const key = `${trackerFingerprint()}-${opts.frames ?? 'default'}`;
  const folder = join(dir, `tracks-${key}`);
  mkdirSync(folder, { recursive: true });
  return async (file: string): Promise<{ track: FaceTrack; frames: DecodedFrames; eyes: RegionFrames | null }> => {
    const digest = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 24);
    const path = join(folder, `${digest}.json`);
    if (existsSync(path)) {
      const track = JSON.parse(readFileSync(path, 'utf8')) as FaceTrack;
      const frames = await decodeMedia(file, opts);
      return { track, frames, eyes: await readEyes(file, track, frames) };
    }
    const found = await extractFaceTrack(file, opts);
    writeFileSync(`${path}.part`, JSON.stringify(found.track));
    renameSync(`${path}.part`, path);
    return found;
  };
}
