// Combines the cues into one calibrated face_liveness: each cue adds evidence
// in logits, the sum goes through a logistic, so 50 means "as likely live as
// not", and each cue's own share is visible in its check (50 = neutral).
import type { RegionFrames } from '../decode/region.js';
import type { Check, DecodedFrames, FaceTrack, LivenessResult } from '../types.js';
import { expressionCue, expressionEvidence, lipMotion, type LipMotion } from './expression-cue.js';
import { compareEyes, eyeActivity, type EyeActivity } from './eye-activity.js';
import { faceTexture } from './face-texture.js';
import { blinkCue, motionCue, poseCue } from './mesh-cues.js';
import { measureParallax, type PairParallax } from './parallax.js';
import { clamp, quantile } from './stats.js';
import { textureContradicts, textureExpression, textureExpressionEvidence, type TextureExpression } from './texture-expression.js';
import { THRESHOLDS as T } from './thresholds.js';

const logistic = (x: number): number => 100 / (1 + Math.exp(-x));
const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
const check = (key: string, logit: number | null, detail: string): Check => ({
  key,
  value: logit === null ? null : Math.round(logistic(logit)),
  detail,
});
const present = (v: Array<number | null>): number[] => v.filter((x): x is number => x !== null);

/**
 * face_liveness 0-100 (>= 50 live) of a clip, with one check per cue. Pass the
 * decoded frames the track came from: the 3-D test reads the face's texture;
 * without them only the mesh cues run, and only a blink can pass the clip.
 * `eyes`, every frame of the eyes' region (TrackResult.eyes), lets blinks and
 * glances between the sampled frames count.
 */
export function computeLiveness(track: FaceTrack, frames?: DecodedFrames, eyes?: RegionFrames | null): LivenessResult {
  if (track.frames.length < T.minFrames) return scoreCues(track, [], frames !== undefined, null);
  const texture = faceTexture(track, frames);
  const lips = lipMotion(track);
  const activity = eyes ? eyeActivity(compareEyes(track, eyes, texture.scale)) : null;
  return scoreCues(track, measureParallax(track, texture), frames !== undefined, textureExpression(track, texture, lips), lips, activity);
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
  if (n < T.minFrames) {
    const detail = `A face was found in ${n} of ${track.framesSampled} frames; liveness needs at least ${T.minFrames}.`;
    return { score: 0, checks: [{ key: 'liveness', value: 0, detail }] };
  }
  const checks: Check[] = [];
  const measures: Record<string, number | null> = {};
  let logit: number = T.prior;

  // 1. Non-planarity of the texture motion. Its absence is evidence only when
  // the head turned enough to show parallax: a head held still is flat to the camera too.
  const pose = poseCue(track)!;
  const turn = Math.max(pose.yawRange, pose.pitchRange);
  const residuals = present(pairs.map((p) => p.blockMedian));
  const planarity = residuals.length >= T.minPairs ? quantile(residuals, T.pairQuantile) : null;
  measures.planarity = planarity;
  measures.turn = turn;
  if (planarity !== null) {
    const raw = clamp((T.depthPerDoubling * Math.log(Math.max(planarity, 1e-5) / T.depthMidpoint)) / Math.LN2, T.depthFloor, T.depthCap);
    const weight = raw < 0 ? clamp(turn / T.depthTurnFull, 0, 1) : 1;
    const e = raw * weight;
    logit += e;
    checks.push(check('liveness_non_planarity', e, `Face texture motion that no single homography explains: ${pct(planarity)} of the face size `
      + `(${residuals.length} frame pairs; flat replays measured up to about 0.2%, live faces 0.2-1.3%; neutral at ${pct(T.depthMidpoint)})`
      + (weight < 1 ? `; the head turned only ${turn.toFixed(1)}°, so a flat motion counts ${Math.round(weight * 100)}% against it.` : '.')));
  } else {
    logit -= T.noDepthPenalty;
    checks.push(check('liveness_non_planarity', -T.noDepthPenalty, hadFrames
      ? `Too little face texture could be followed between frames (${residuals.length} frame pairs) to test for a 3-D face.`
      : 'No frames were given, so the 3-D test on the face texture did not run.'));
  }

  // 2. Parallax that lines up with the face's depth: the signature of a rigid 3-D head turning.
  const fitted = pairs.filter((p) => p.parallax !== null && p.remaining !== null);
  if (fitted.length >= T.minPairs) {
    const size = quantile(fitted.map((p) => p.parallax!), T.pairQuantile);
    // A pair's parallax counts only when it points the way the mesh's own depth says the head turned.
    const agrees = (p: PairParallax): boolean => p.agreement === undefined || p.agreement === null || p.agreement >= T.parallaxAgreement;
    const ratio = quantile(fitted.map((p) => (agrees(p) ? p.parallax! / Math.max(p.remaining!, 1e-3) : 0)), T.pairQuantile);
    // Consistency: the share of frame pairs whose parallax is above the noise and points the mesh's way.
    // A turning head's does in most pairs; a replay's residual motion points anywhere.
    const measured = fitted.filter((p) => p.agreement !== undefined && p.agreement !== null);
    const consistent = measured.length >= T.minPairs
      ? measured.filter((p) => p.parallax! >= T.parallaxMin && p.agreement! >= T.consistentAgreement).length / measured.length
      : 0;
    // Measures as they count (for the bench's margins): the ratio only where the parallax is large enough to.
    Object.assign(measures, { parallax: size, parallaxRatio: size >= T.parallaxMin ? ratio : null, consistent });
    const byRatio = size >= T.parallaxMin && consistent >= T.consistentGate ? (ratio - T.parallaxRatio) * 10 : 0;
    const byConsistency = (consistent - T.consistentShare) * 10;
    const e = clamp(Math.max(0, byRatio) + Math.max(0, byConsistency), 0, T.parallaxCap);
    logit += e;
    checks.push(check('liveness_parallax', e, `Motion explained by the face's depth (nose against cheeks): ${pct(size)} of the face size, `
      + `${ratio.toFixed(2)}× the unexplained rest (counts from ${pct(T.parallaxMin)} and ${T.parallaxRatio}×, with ${Math.round(T.consistentGate * 100)}% of pairs consistent); `
      + `${Math.round(consistent * 100)}% of frame pairs show it the way the mesh says the head turned (counts from ${Math.round(T.consistentShare * 100)}%).`));
  } else {
    checks.push(check('liveness_parallax', null, 'Not measured: too few frame pairs with tracked face texture.'));
  }
  const mesh = quantile(pairs.map((p) => p.meshResidual), T.pairQuantile);
  checks.push(check('liveness_mesh', null, `Mesh motion no homography explains: ${pct(mesh)} of the face size. For review only: the mesh `
    + 'model reshapes its guess when a photo moves, so flat replays reach the same values.'));

  // 3. Blinks: the mesh's lids in the sampled frames, and the eyes' texture against the nose's in every frame.
  const blink = blinkCue(track);
  const meshBlink = blink && blink.eyeWidth >= T.minEyeWidth ? clamp((T.blinkDip - blink.dip) / T.blinkStep, 0, T.blinkCap) : null;
  const dense = eyes && eyes.compared >= 2 && motionCue(track)!.scale >= T.minScale ? clamp((eyes.held - T.eyeChangeMin) / T.eyeChangeStep, 0, T.blinkCap) : null;
  Object.assign(measures, { blinkDip: meshBlink === null ? null : blink!.dip, eyeChange: dense === null ? null : eyes!.held, eyeCompared: eyes?.compared ?? null });
  if (meshBlink !== null || dense !== null) {
    const e = Math.max(meshBlink ?? 0, dense ?? 0);
    logit += e;
    const sampled = meshBlink === null ? 'The eyes are too small in the sampled frames to read their lids.'
      : meshBlink > 0 ? `The eyes closed to ${Math.round(blink!.dip * 100)}% of their open height in a sampled frame: a blink.`
        : `No blink in the sampled frames (eyes at least ${Math.round(blink!.dip * 100)}% open).`;
    const every = !eyes ? ' Every frame of the eyes was not read.'
      : dense === null ? ` Every frame of the eyes was read, but the face was not followed in enough of them (${eyes.compared}).`
        : ` Over every frame (${eyes.compared} compared a tenth of a second apart), both eyes changed ${eyes.held.toFixed(2)} beyond twice the`
          + ` rest of the face (held in two frames; counts from ${T.eyeChangeMin}${dense > 0 ? `: a blink or a glance, around ${eyes.at!.toFixed(1)} s` : ''}).`;
    checks.push(check('liveness_blink', e, `${sampled}${every}${e > 0 ? '' : ' Not held against the clip.'}`));
  } else {
    checks.push(check('liveness_blink', null, 'The eyes are too small in the frame to see blinks.'));
  }

  // 4. Expression: the lips moving against the rigid face (a smile, a smirk, speech), which a photo cannot do.
  // Seen on the mesh alone when the lips move well beyond the mesh's noise, or by mesh and texture together.
  if (lips && motionCue(track)!.scale >= T.minScale) {
    const expression = expressionCue(lips);
    // The mesh's own evidence stands unless the pixels, compared where it saw the lips move, say the mouth did not change.
    const vetoed = textureContradicts(mouth);
    const meshOwn = expressionEvidence(expression);
    const meshE = vetoed ? 0 : meshOwn;
    const textureE = mouth ? textureExpressionEvidence(mouth) : 0;
    const e = Math.max(meshE, textureE);
    Object.assign(measures, { lipsSingle: expression.single, lipsSustained: expression.sustained, mouthHeld: mouth?.held ?? null, mouthPeak: mouth?.peak ?? null });
    logit += e;
    checks.push(check('liveness_expression', e, `Lips moved ${pct(expression.lips)} of the face size against the rigid face, `
      + `${expression.single.toFixed(1)}× what the face's rigid points moved in that frame (${expression.sustained.toFixed(1)}× over two frames); `
      + `counts from ${T.expressionSingle}× in one frame or ${T.expressionSustained}× over two. `
      + (!mouth
        ? 'The mouth\'s texture was not compared (no frames).'
        : mouth.frames >= 2
          ? `In the ${mouth.frames} frames where the lips moved at least ${T.textureExpressionGate}× the rigid points, the mouth's texture changed `
            + `${mouth.held.toFixed(2)} more than the upper face's (held in two frames; ${mouth.peak.toFixed(2)} at most; counts from ${T.textureExpressionMin})`
            + (vetoed && meshOwn > 0 ? ': the mouth did not change, so the mesh\'s lip motion is not counted.' : '.')
          : `The mouth's texture is compared in frames where the lips moved at least ${T.textureExpressionGate}× the rigid points; `
            + `it needs two such frames (${mouth.frames} here).`)));
  } else {
    checks.push(check('liveness_expression', null, 'The face is too small in the frame to follow its lips against the rigid face.'));
  }

  // 5. Head pose change: a head that turns shows parallax; a print that turns does not.
  const flatTurn = turn >= T.poseTurn && planarity !== null && planarity < T.depthMidpoint;
  const poseE = flatTurn ? -T.poseFlatPenalty : 0;
  logit += poseE;
  checks.push(check('liveness_pose', poseE, `Head pose range ${pose.yawRange.toFixed(1)}° yaw, ${pose.pitchRange.toFixed(1)}° pitch`
    + (flatTurn ? ', without the parallax a turning head shows: a flat picture turning.' : '.')));

  // 6. Micro-motion: a live selfie is never perfectly still.
  const motion = motionCue(track)!;
  const still = motion.step < T.stillStep;
  Object.assign(measures, { step: motion.step, scale: motion.scale });
  logit += still ? -T.stillPenalty : 0;
  checks.push(check('liveness_motion', still ? -T.stillPenalty : 0, still
    ? `The face did not move between frames (${pct(motion.step)} of its size): a frozen picture.`
    : `The face moves between frames (${pct(motion.step)} of its size per frame, median).`));

  // 7. Resolution: too small a face cannot show parallax, so the clip cannot pass.
  if (motion.scale < T.minScale) {
    logit = Math.min(logit, -1);
    checks.push(check('liveness_face_size', -1, `The face is too small (${Math.round(motion.scale)} px between the eye corners, under ${T.minScale}) to judge liveness.`));
  }
  const score = Math.round(logistic(logit));
  checks.unshift({ key: 'liveness', value: score, detail: score >= 50
    ? 'Live: the clip shows a 3-D face moving, blinking or changing expression.'
    : 'Not shown to be live: the clip shows no parallax of a turning head, no blink and no change of expression.' });
  return { score, checks, measures };
}
