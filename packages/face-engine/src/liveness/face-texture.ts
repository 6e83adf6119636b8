// What the texture cues read: each tracked frame's face as a grey crop,
// blurred for a coarse and a fine search, and the clip's face scale that
// sizes the blocks and the blurs.
import type { DecodedFrames, FaceTrack } from '../types.js';
import { blockRegion, facePyramid, type FacePyramid } from './block-flow.js';
import { toGrey } from './image.js';
import { faceScale } from '../mesh/landmarks.js';
import { median } from '../math/stats.js';

export interface FaceTexture {
  /** Median outer-eye-corner distance over the clip, in pixels. */
  scale: number;
  /** Per track frame (same order as track.frames); empty without frames, undefined where a frame is missing. */
  pyramids: Array<FacePyramid | undefined>;
}

// The grey crop is only read to build a frame's pyramid: one buffer serves every frame.
let greyScratch = new Float32Array(0);

export function faceTexture(track: FaceTrack, frames?: DecodedFrames): FaceTexture {
  const scale = track.frames.length ? median(track.frames.map(faceScale)) : 0;
  if (!frames || frames.width !== track.width || frames.height !== track.height || track.frames.length < 2) return { scale, pyramids: [] };
  const step = frames.durationSec / Math.max(1, frames.frames.length);
  const pyramids = track.frames.map((face) => {
    // The track's frames are a subset of the decoded ones, with the same timestamps.
    let frame = frames.frames[0];
    for (const f of frames.frames) if (Math.abs(f.t - face.t) < Math.abs((frame?.t ?? Infinity) - face.t)) frame = f;
    if (!frame || Math.abs(frame.t - face.t) > step / 2 + 1e-3) return undefined;
    const region = blockRegion(face, scale);
    const room = (Math.ceil(region[2]) + 2) * (Math.ceil(region[3]) + 2);
    if (greyScratch.length < room) greyScratch = new Float32Array(room);
    return facePyramid(toGrey(frame.rgb, frames.width, frames.height, region, greyScratch), scale);
  });
  return { scale, pyramids };
}
