// Combines the cues into one calibrated face_liveness: each cue adds evidence
// in logits, the sum goes through a logistic, so 50 means "as likely live as
// not", and each cue's own share is visible in its check (50 = neutral).
import type { RegionFrames } from '../decode/region.js';
import type { Check, DecodedFrames, FaceTrack, LivenessResult } from '../types.js';
import {
  wordBlink, wordDepth, wordExpression, wordFaceSize, wordMesh, wordMotion, wordParallax, wordPose, wordTooFewFaces, wordVerdict,
} from './cue-wording.js';
import {
  blinkEvidence, depthEvidence, expressionEvidenceOf, faceSizeCap, meshResidual, motionEvidence, parallaxEvidence, poseEvidence,
  type BlinkEvidence, type DepthEvidence, type ExpressionEvidence, type ParallaxEvidence,
} from './cues.js';
import { lipMotion, type LipMotion } from './expression-cue.js';
import { compareEyes, eyeActivity, type EyeActivity } from './eye-activity.js';
import { faceTexture } from './face-texture.js';
import { motionCue, poseCue, type MotionCue } from './mesh-cues.js';
import { measureParallax, type PairParallax } from './parallax.js';
import { textureExpression, type TextureExpression } from './texture-expression.js';
import { THRESHOLDS as T } from './thresholds.js';

const logistic = (x: number): number => 100 / (1 + Math.exp(-x));
const check = (key: string, logit: number | null, detail: string): Check => ({
  key,
  value: logit === null ? null : Math.round(logistic(logit)),
  detail,
});

/**
 * face_liveness 0-100 (>= 50 live) of a clip, with one check per cue. Pass the
 * decoded frames the track came from: the 3-D test reads the face's texture;
 * without them only the mesh cues run, and only a blink can pass the clip.
 * `eyes`, every frame of the eyes' region (TrackResult.eyes), lets blinks and
 * glances between the sampled frames count.
 */
export function computeLiveness(track: FaceTrack, frames?: DecodedFrames, eyes?: RegionFrames | null): LivenessResult {
  return finishLiveness(track, measureLiveness(track, frames), eyes ?? null);
}

/**
 * What the sampled frames say (most of computeLiveness's work), as plain data: it may be measured on another thread
 * while the eyes' region is still being decoded, then finished with that region by finishLiveness.
 */
export interface LivenessMeasurement {
  /** Frames were given (the texture cues could run). */
  hadFrames: boolean;
  /** The clip's face scale (median outer-eye-corner distance, px). */
  scale: number;
  pairs: PairParallax[];
  mouth: TextureExpression | null;
  lips: LipMotion | null;
}

export function measureLiveness(track: FaceTrack, frames?: DecodedFrames): LivenessMeasurement {
  const hadFrames = frames !== undefined;
  if (track.frames.length < T.minFrames) return { hadFrames, scale: 0, pairs: [], mouth: null, lips: null };
  const texture = faceTexture(track, frames);
  const lips = lipMotion(track);
  return { hadFrames, scale: texture.scale, pairs: measureParallax(track, texture), mouth: textureExpression(track, texture, lips), lips };
}

/** The score of a measured track (the same `track` measureLiveness was given), with the eyes' region when it was read. */
export function finishLiveness(track: FaceTrack, m: LivenessMeasurement, eyes: RegionFrames | null): LivenessResult {
  if (track.frames.length < T.minFrames) return scoreCues(track, [], m.hadFrames, null);
  const activity = eyes ? eyeActivity(compareEyes(track, eyes, m.scale)) : null;
  return scoreCues(track, m.pairs, m.hadFrames, m.mouth, m.lips, activity);
}

/** The scoring from already measured texture (frame pairs, mouth texture; benchmarks cache the measurements). */
export function scoreCues(
  track: FaceTrack,
  pairs: PairParallax[],
  hadFrames: boolean,
  mouth: TextureExpression | null,
  lips: LipMotion | null = lipMotion(track),
  eyes: EyeActivity | null = null,
): LivenessResult {
  const n = track.frames.length;
  if (n < T.minFrames) return { score: 0, checks: [{ key: 'liveness', value: 0, detail: wordTooFewFaces(n, track.framesSampled) }] };
  const pose = poseCue(track)!;
  const motion = motionCue(track)!;
  const depth = depthEvidence(pairs, pose);
  const parallax = parallaxEvidence(pairs);
  const blink = blinkEvidence(track, eyes, motion);
  const expression = expressionEvidenceOf(lips, mouth, motion);
  const turned = poseEvidence(depth);
  const moved = motionEvidence(motion);
  const sizeCap = faceSizeCap(motion);

  const checks: Check[] = [
    check('liveness_non_planarity', depth.evidence, wordDepth(depth, hadFrames)),
    check('liveness_parallax', parallax?.evidence ?? null, wordParallax(parallax)),
    check('liveness_mesh', null, wordMesh(meshResidual(pairs))),
    check('liveness_blink', blink.evidence, wordBlink(blink)),
    check('liveness_expression', expression?.evidence ?? null, wordExpression(expression)),
    check('liveness_pose', turned.evidence, wordPose(pose, turned.flatTurn)),
    check('liveness_motion', moved.evidence, wordMotion(motion, moved.still)),
  ];
  let logit = T.prior + depth.evidence + (parallax?.evidence ?? 0) + (blink.evidence ?? 0) + (expression?.evidence ?? 0) + turned.evidence + moved.evidence;
  if (sizeCap !== null) {
    logit = Math.min(logit, sizeCap);
    checks.push(check('liveness_face_size', sizeCap, wordFaceSize(motion)));
  }
  const score = Math.round(logistic(logit));
  checks.unshift({ key: 'liveness', value: score, detail: wordVerdict(score) });
  return { score, checks, measures: measuresOf(depth, parallax, blink, expression, motion) };
}

/** Each cue's raw measure, as the bench's margins read them (the parallax ratio only where the parallax is large enough to count). */
function measuresOf(
  depth: DepthEvidence,
  parallax: ParallaxEvidence | null,
  blink: BlinkEvidence,
  expression: ExpressionEvidence | null,
  motion: MotionCue,
): Record<string, number | null> {
  return {
    planarity: depth.planarity,
    turn: depth.turn,
    ...(parallax ? { parallax: parallax.size, parallaxRatio: parallax.size >= T.parallaxMin ? parallax.ratio : null, consistent: parallax.consistent } : {}),
    blinkDip: blink.meshBlink === null ? null : blink.sampled!.dip,
    eyeChange: blink.dense === null ? null : blink.eyes!.held,
    eyeCompared: blink.eyes?.compared ?? null,
    ...(expression ? {
      lipsSingle: expression.expression.single,
      lipsSustained: expression.expression.sustained,
      mouthHeld: expression.mouth?.held ?? null,
      mouthPeak: expression.mouth?.peak ?? null,
    } : {}),
    step: motion.step,
    scale: motion.scale,
  };
}
