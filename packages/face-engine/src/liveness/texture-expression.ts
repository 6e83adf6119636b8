// An expression seen by two witnesses. The mesh says the lips moved against
// the rigid face in a frame (its lip-to-rigid ratio, expression-cue.ts); the
// pixels say whether the mouth's texture really changed there while the upper
// face's did not. Each witness alone is fooled by replays: the mesh model
// re-shapes a moving photo, and a screen's glare or a bending sheet changes
// the texture here and there. A photo cannot make both happen in the same
// frames, because its mouth never changes shape; a smirk, a smile or speech
// does, even with the head still and the lips moving less than the mesh cue
// needs on its own.
import type { FaceTrack } from '../types.js';
import { blockFlow, blockResidual, MIN_BLOCKS } from './block-flow.js';
import type { LipMotion } from './expression-cue.js';
import type { FaceTexture } from './face-texture.js';
import { fitHomography, meshPoints } from './homography.js';
import { MOUTH_BLOCKS, UPPER_FACE_BLOCKS } from '../mesh/landmarks.js';
import { median } from '../math/stats.js';
import { THRESHOLDS as T } from './thresholds.js';

export interface TextureExpression {
  /**
   * How much more the mouth's texture changed than the upper face's since
   * the neutral frame (median normalised block residuals, mouth minus upper
   * face), in the frame where that is second highest among the frames whose
   * mesh lips moved: an expression held in at least two sampled frames.
   */
  held: number;
  /** The highest of those values (one frame): below textureExpressionMin, the mouth never visibly changed. */
  peak: number;
  /** Frames whose mesh lips moved at least textureExpressionGate × the rigid points and whose texture was compared. */
  frames: number;
}

/** Null when there is no texture (no frames) or no mesh lip motion to confirm. */
export function textureExpression(track: FaceTrack, texture: FaceTexture, motion: LipMotion | null): TextureExpression | null {
  const { scale, pyramids } = texture;
  if (!motion || pyramids.length === 0) return null;
  const faces = track.frames;
  // The neutral frame: lips closest to the clip's median face.
  let neutral = 0;
  motion.lips.forEach((l, k) => { if (l < motion.lips[neutral]!) neutral = k; });
  const ref = pyramids[neutral];
  if (!ref) return null;
  const gated = motion.ratio.flatMap((ratio, k) => (k !== neutral && ratio >= T.textureExpressionGate && pyramids[k] ? [k] : []));
  // The clip's value is the second highest: with fewer than two candidate frames there is nothing to hold.
  if (gated.length < 2) return { held: 0, peak: 0, frames: 0 };
  const neutralPoints = meshPoints(faces[neutral]!);
  const changes: number[] = [];
  for (const k of gated) {
    const cur = pyramids[k]!;
    // The face's own texture homography from the neutral frame to this one (as in the 3-D test) puts each block.
    const flow = blockFlow(ref, cur, faces[neutral]!, fitHomography(neutralPoints, meshPoints(faces[k]!)), scale);
    if (flow.src.length < MIN_BLOCKS) continue;
    const h = fitHomography(flow.src, flow.dst);
    const residuals = (points: readonly number[]): number[] =>
      points.map((i) => blockResidual(ref, cur, h, neutralPoints[i]!, scale)).filter((r): r is number => r !== null);
    const mouth = residuals(MOUTH_BLOCKS), upper = residuals(UPPER_FACE_BLOCKS);
    if (mouth.length >= 2 && upper.length >= 1) changes.push(median(mouth) - median(upper));
  }
  changes.sort((a, b) => b - a);
  return { held: changes.length >= 2 ? Math.max(0, changes[1]!) : 0, peak: Math.max(0, changes[0] ?? 0), frames: changes.length };
}

/**
 * The texture contradicts the mesh: it was compared in at least two frames where the mesh's lips moved,
 * and in none of them did the mouth change visibly more than the upper face. A photo the mesh model
 * re-shapes as it turns; its mesh "expression" is then not evidence.
 */
export function textureContradicts(cue: TextureExpression | null): boolean {
  return cue !== null && cue.frames >= 2 && cue.peak < T.textureExpressionMin;
}

/** Evidence in logits: +1 per textureExpressionStep above textureExpressionMin, up to the expression cap. */
export function textureExpressionEvidence(cue: TextureExpression): number {
  return Math.max(0, Math.min(T.expressionCap, (cue.held - T.textureExpressionMin) / T.textureExpressionStep));
}
