// The one seam to the liveness scorer (src/liveness/, written separately):
// it reads the mesh track, the decoded frames (texture motion) and every
// frame of the eyes' region (blinks and glances between the sampled frames).
import type { RegionFrames } from './decode/region.js';
import { DEFAULT_LIMITS } from './decode/limits.js';
import { finishLiveness, measureLiveness } from './liveness/index.js';
import type { DecodedFrames, FaceTrack, LivenessResult } from './types.js';

/**
 * The frames the passive cues read. They were calibrated at the default 15
 * frames per clip. A challenge samples more (CHALLENGE_FRAMES), which shrinks
 * the motion between neighbours (at 30 frames a genuine 3.5-s login fell from
 * 90 to 33): the cues are scored on `at most` frames picked evenly from the
 * sampled ones, the spacing they were set for. The eyes' region is read on
 * every frame either way.
 */
export function livenessFrames(track: FaceTrack, frames: DecodedFrames, atMost = DEFAULT_LIMITS.frames): { track: FaceTrack; frames: DecodedFrames } {
  const n = frames.frames.length;
  if (n <= atMost) return { track, frames };
  const picked = new Set(Array.from({ length: atMost }, (_, k) => Math.round((k * (n - 1)) / (atMost - 1))));
  const kept = frames.frames.filter((_, k) => picked.has(k));
  const times = new Set(kept.map((f) => f.t));
  const faces = track.frames.filter((f) => times.has(f.t));
  return { track: { ...track, frames: faces, framesSampled: atMost }, frames: { ...frames, frames: kept } };
}

/** Liveness of a clip on its livenessFrames, in one call on this thread. */
export function scoreLiveness(track: FaceTrack, frames: DecodedFrames, eyes: RegionFrames | null = null, atMost = DEFAULT_LIMITS.frames): LivenessResult {
  const input = livenessFrames(track, frames, atMost);
  return finishLiveness(input.track, measureLiveness(input.track, input.frames), eyes);
}
