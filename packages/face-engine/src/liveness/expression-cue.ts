// Non-rigid expression: the lips moving against the rigid face. A live face
// smiles, smirks, talks or puffs its cheeks; a photo keeps one expression
// however it is moved, bent or shown. Measured on the mesh after the head's
// 3-D pose is taken out (../expressions/rigid.ts), relative to how well the
// rigid points themselves fit in that frame: when the mesh model misreads a
// replayed photo it re-shapes the whole face, rigid points included, so its
// lips never move much more than its rigid points do.
import { nonRigidMotion } from '../expressions/rigid.js';
import type { FaceTrack } from '../types.js';
import { THRESHOLDS as T } from './thresholds.js';

/** Per track frame (same order as track.frames). */
export interface LipMotion {
  /** Lip displacement from the clip's median face over the rigid points' own (plus the mesh's jitter floor). */
  ratio: number[];
  /** Lip displacement from the median face, over the eye-corner distance. */
  lips: number[];
}

/** The mesh's lip motion per frame; null under 3 frames. */
export function lipMotion(track: FaceTrack): LipMotion | null {
  const motion = nonRigidMotion(track.frames);
  if (motion.length < 3) return null;
  // The rigid fit's own error plus a floor for the mesh's jitter on a still face.
  return { ratio: motion.map((m) => m.lips / (m.rigid + T.lipNoise)), lips: motion.map((m) => m.lips) };
}

export interface ExpressionCue {
  /** Highest lip-to-rigid motion ratio in one frame. */
  single: number;
  /** Highest ratio held over two consecutive sampled frames (the lower of the two). */
  sustained: number;
  /** Lip displacement in that frame, over the eye-corner distance. */
  lips: number;
}

export function expressionCue(motion: LipMotion): ExpressionCue {
  let single = 0, sustained = 0, lips = 0;
  motion.ratio.forEach((r, k) => {
    if (r > single) { single = r; lips = motion.lips[k]!; }
    if (k > 0) sustained = Math.max(sustained, Math.min(r, motion.ratio[k - 1]!));
  });
  return { single, sustained, lips };
}

/** Evidence in logits: counts from expressionSingle (one frame) or expressionSustained (two frames), +1 per expressionStep. */
export function expressionEvidence(cue: ExpressionCue): number {
  const over = Math.max(cue.single - T.expressionSingle, cue.sustained - T.expressionSustained);
  return Math.max(0, Math.min(T.expressionCap, over / T.expressionStep));
}
