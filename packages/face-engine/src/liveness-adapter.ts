// The one seam to the liveness scorer (src/liveness/, written separately):
// it reads the mesh track, the decoded frames (texture motion) and every
// frame of the eyes' region (blinks and glances between the sampled frames).
import type { RegionFrames } from './decode/region.js';
import { computeLiveness } from './liveness/index.js';
import type { DecodedFrames, FaceTrack, LivenessResult } from './types.js';

/**
 * `every`: score on every `every`-th decoded frame only. The passive cues
 * (motion and parallax per frame pair) were calibrated at the default 15
 * frames per clip; a challenge samples 30, which halves the motion between
 * neighbours and pulled a genuine 3.5-s login from 90 to 33. Scoring every
 * second frame of the 30 gives the cues the spacing they were set for.
 */
export function scoreLiveness(track: FaceTrack, frames: DecodedFrames, every = 1, eyes: RegionFrames | null = null): LivenessResult {
  if (every <= 1) return computeLiveness(track, frames, eyes);
  const kept = frames.frames.filter((_, k) => k % every === 0);
  const times = new Set(kept.map((f) => f.t));
  const faces = track.frames.filter((f) => times.has(f.t));
  return computeLiveness(
    { ...track, frames: faces, framesSampled: Math.ceil(track.framesSampled / every) },
    { ...frames, frames: kept },
    eyes,
  );
}
