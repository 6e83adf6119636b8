// The one seam to the liveness scorer (src/liveness/, written separately):
// it reads the mesh track and, for texture motion, the decoded frames.
import { computeLiveness } from './liveness/index.js';
import type { DecodedFrames, FaceTrack, LivenessResult } from './types.js';

export function scoreLiveness(track: FaceTrack, frames: DecodedFrames): LivenessResult {
  return computeLiveness(track, frames);
}
