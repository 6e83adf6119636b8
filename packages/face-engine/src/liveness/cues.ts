// The arithmetic of each liveness cue: what it measured over the clip and the
// evidence, in logits, it adds to face_liveness (0 = neutral, null = not
// measured). The words a reviewer reads are in cue-wording.ts; score.ts sums.
import { clamp, quantile } from '../math/stats.js';
import type { FaceTrack } from '../types.js';
import { expressionCue, expressionEvidence, type ExpressionCue, type LipMotion } from './expression-cue.js';
import type { EyeActivity } from './eye-activity.js';
import { blinkCue, type BlinkCue, type MotionCue, type PoseCue } from './mesh-cues.js';
import type { PairParallax } from './parallax.js';
import { textureContradicts, textureExpressionEvidence, type TextureExpression } from './texture-expression.js';
import { THRESHOLDS as T } from './thresholds.js';

const present = (v: Array<number | null>): number[] => v.filter((x): x is number => x !== null);

export interface DepthEvidence {
  /** The clip's non-planarity (pairQuantile over frame pairs), null with fewer than minPairs pairs. */
  planarity: number | null;
  /** Frame pairs with tracked texture. */
  pairs: number;
  /** Largest head pose range, yaw or pitch (degrees). */
  turn: number;
  /** How much of a flat motion's evidence counts (a head that hardly turned is flat to the camera too). */
  weight: number;
  evidence: number;
}

/** 1. Non-planarity of the texture motion; its absence counts as far as the head turned. */
export function depthEvidence(pairs: readonly PairParallax[], pose: PoseCue): DepthEvidence {
  const turn = Math.max(pose.yawRange, pose.pitchRange);
  const residuals = present(pairs.map((p) => p.blockMedian));
  if (residuals.length < T.minPairs) return { planarity: null, pairs: residuals.length, turn, weight: 1, evidence: -T.noDepthPenalty };
  const planarity = quantile(residuals, T.pairQuantile);
  const raw = clamp((T.depthPerDoubling * Math.log(Math.max(planarity, 1e-5) / T.depthMidpoint)) / Math.LN2, T.depthFloor, T.depthCap);
  const weight = raw < 0 ? clamp(turn / T.depthTurnFull, 0, 1) : 1;
  return { planarity, pairs: residuals.length, turn, weight, evidence: raw * weight };
}

export interface ParallaxEvidence {
  /** RMS depth-aligned parallax (pairQuantile), over the face scale. */
  size: number;
  /** Parallax over the unexplained rest (pairQuantile; 0 for pairs that disagree with the mesh). */
  ratio: number;
  /** Share of frame pairs whose parallax is above parallaxMin and points the mesh's way. */
  consistent: number;
  evidence: number;
}

/** 2. Parallax that lines up with the face's depth (a rigid 3-D head turning); null with too few fitted pairs. */
export function parallaxEvidence(pairs: readonly PairParallax[]): ParallaxEvidence | null {
  const fitted = pairs.filter((p) => p.parallax !== null && p.remaining !== null);
  if (fitted.length < T.minPairs) return null;
  const size = quantile(fitted.map((p) => p.parallax!), T.pairQuantile);
  // A pair's parallax counts only when it points the way the mesh's own depth says the head turned.
  const agrees = (p: PairParallax): boolean => p.agreement === undefined || p.agreement === null || p.agreement >= T.parallaxAgreement;
  const ratio = quantile(fitted.map((p) => (agrees(p) ? p.parallax! / Math.max(p.remaining!, 1e-3) : 0)), T.pairQuantile);
  // A turning head's parallax points the mesh's way in most pairs; a replay's residual motion points anywhere.
  const measured = fitted.filter((p) => p.agreement !== undefined && p.agreement !== null);
  const consistent = measured.length >= T.minPairs
    ? measured.filter((p) => p.parallax! >= T.parallaxMin && p.agreement! >= T.consistentAgreement).length / measured.length
    : 0;
  const byRatio = size >= T.parallaxMin && consistent >= T.consistentGate ? (ratio - T.parallaxRatio) * 10 : 0;
  const byConsistency = (consistent - T.consistentShare) * 10;
  return { size, ratio, consistent, evidence: clamp(Math.max(0, byRatio) + Math.max(0, byConsistency), 0, T.parallaxCap) };
}

/** The mesh's own non-planarity (pairQuantile), for review only: the mesh model reshapes its guess when a photo moves. */
export const meshResidual = (pairs: readonly PairParallax[]): number => quantile(pairs.map((p) => p.meshResidual), T.pairQuantile);

export interface BlinkEvidence {
  /** Lids in the sampled frames (null: too few frames). */
  sampled: BlinkCue | null;
  /** Evidence of the sampled lids, null when the eyes are too small to read. */
  meshBlink: number | null;
  /** Every frame of the eyes (null: not read). */
  eyes: EyeActivity | null;
  /** Evidence of the eyes over every frame, null when not read or not followed. */
  dense: number | null;
  /** The stronger of the two, null when neither was measured. */
  evidence: number | null;
}

/** 3. Blinks: the mesh's lids in the sampled frames, and the eyes' texture against the nose's in every frame. */
export function blinkEvidence(track: FaceTrack, eyes: EyeActivity | null, motion: MotionCue): BlinkEvidence {
  const sampled = blinkCue(track);
  const meshBlink = sampled && sampled.eyeWidth >= T.minEyeWidth ? clamp((T.blinkDip - sampled.dip) / T.blinkStep, 0, T.blinkCap) : null;
  const dense = eyes && eyes.compared >= 2 && motion.scale >= T.minScale ? clamp((eyes.held - T.eyeChangeMin) / T.eyeChangeStep, 0, T.blinkCap) : null;
  const evidence = meshBlink !== null || dense !== null ? Math.max(meshBlink ?? 0, dense ?? 0) : null;
  return { sampled, meshBlink, eyes, dense, evidence };
}

export interface ExpressionEvidence {
  expression: ExpressionCue;
  /** The mouth's texture where the lips moved (null: no frames). */
  mouth: TextureExpression | null;
  /** The pixels say the mouth did not change where the mesh saw the lips move. */
  vetoed: boolean;
  /** The mesh's evidence before the texture's veto. */
  meshOwn: number;
  evidence: number;
}

/**
 * 4. Expression: the lips moving against the rigid face (a smile, a smirk, speech), which a photo cannot do;
 * seen on the mesh alone when the lips move well beyond its noise, or by mesh and texture together.
 * Null when the face is too small to follow its lips.
 */
export function expressionEvidenceOf(lips: LipMotion | null, mouth: TextureExpression | null, motion: MotionCue): ExpressionEvidence | null {
  if (!lips || motion.scale < T.minScale) return null;
  const expression = expressionCue(lips);
  // The mesh's own evidence stands unless the pixels, compared where it saw the lips move, say the mouth did not change.
  const vetoed = textureContradicts(mouth);
  const meshOwn = expressionEvidence(expression);
  const textureE = mouth ? textureExpressionEvidence(mouth) : 0;
  return { expression, mouth, vetoed, meshOwn, evidence: Math.max(vetoed ? 0 : meshOwn, textureE) };
}

/** 5. Head pose change: a head that turns shows parallax; a print that turns does not. */
export function poseEvidence(depth: DepthEvidence): { flatTurn: boolean; evidence: number } {
  const flatTurn = depth.turn >= T.poseTurn && depth.planarity !== null && depth.planarity < T.depthMidpoint;
  return { flatTurn, evidence: flatTurn ? -T.poseFlatPenalty : 0 };
}

/** 6. Micro-motion: a live selfie is never perfectly still. */
export function motionEvidence(motion: MotionCue): { still: boolean; evidence: number } {
  const still = motion.step < T.stillStep;
  return { still, evidence: still ? -T.stillPenalty : 0 };
}

/** 7. Resolution: too small a face cannot show parallax, so the clip cannot pass (the logit is capped at this). */
export const faceSizeCap = (motion: MotionCue): number | null => (motion.scale < T.minScale ? -1 : null);
