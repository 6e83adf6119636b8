// What a reviewer reads in each liveness check: one sentence or two per cue,
// from the cue's measures (cues.ts) and the thresholds they are judged by.
import type { BlinkEvidence, DepthEvidence, ExpressionEvidence, ParallaxEvidence } from './cues.js';
import type { MotionCue, PoseCue } from './mesh-cues.js';
import { THRESHOLDS as T } from './thresholds.js';

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;

export function wordDepth(d: DepthEvidence, hadFrames: boolean): string {
  if (d.planarity === null) {
    return hadFrames
      ? `Too little face texture could be followed between frames (${d.pairs} frame pairs) to test for a 3-D face.`
      : 'No frames were given, so the 3-D test on the face texture did not run.';
  }
  return `Face texture motion that no single homography explains: ${pct(d.planarity)} of the face size `
    + `(${d.pairs} frame pairs; flat replays measured up to about 0.2%, live faces 0.2-1.3%; neutral at ${pct(T.depthMidpoint)})`
    + (d.weight < 1 ? `; the head turned only ${d.turn.toFixed(1)}°, so a flat motion counts ${Math.round(d.weight * 100)}% against it.` : '.');
}

export function wordParallax(p: ParallaxEvidence | null): string {
  if (!p) return 'Not measured: too few frame pairs with tracked face texture.';
  return `Motion explained by the face's depth (nose against cheeks): ${pct(p.size)} of the face size, `
    + `${p.ratio.toFixed(2)}× the unexplained rest (counts from ${pct(T.parallaxMin)} and ${T.parallaxRatio}×, with ${Math.round(T.consistentGate * 100)}% of pairs consistent); `
    + `${Math.round(p.consistent * 100)}% of frame pairs show it the way the mesh says the head turned (counts from ${Math.round(T.consistentShare * 100)}%).`;
}

export const wordMesh = (residual: number): string => `Mesh motion no homography explains: ${pct(residual)} of the face size. For review only: the mesh `
  + 'model reshapes its guess when a photo moves, so flat replays reach the same values.';

export function wordBlink(b: BlinkEvidence): string {
  if (b.evidence === null) return 'The eyes are too small in the frame to see blinks.';
  const sampled = b.meshBlink === null ? 'The eyes are too small in the sampled frames to read their lids.'
    : b.meshBlink > 0 ? `The eyes closed to ${Math.round(b.sampled!.dip * 100)}% of their open height in a sampled frame: a blink.`
      : `No blink in the sampled frames (eyes at least ${Math.round(b.sampled!.dip * 100)}% open).`;
  const eyes = b.eyes;
  const every = !eyes ? ' Every frame of the eyes was not read.'
    : b.dense === null ? ` Every frame of the eyes was read, but the face was not followed in enough of them (${eyes.compared}).`
      : ` Over every frame (${eyes.compared} compared a tenth of a second apart), both eyes changed ${eyes.held.toFixed(2)} beyond twice the`
        + ` rest of the face (held in two frames; counts from ${T.eyeChangeMin}${b.dense > 0 ? `: a blink or a glance, around ${eyes.at!.toFixed(1)} s` : ''}).`;
  return `${sampled}${every}${b.evidence > 0 ? '' : ' Not held against the clip.'}`;
}

export function wordExpression(x: ExpressionEvidence | null): string {
  if (!x) return 'The face is too small in the frame to follow its lips against the rigid face.';
  const { expression, mouth } = x;
  return `Lips moved ${pct(expression.lips)} of the face size against the rigid face, `
    + `${expression.single.toFixed(1)}× what the face's rigid points moved in that frame (${expression.sustained.toFixed(1)}× over two frames); `
    + `counts from ${T.expressionSingle}× in one frame or ${T.expressionSustained}× over two. `
    + (!mouth
      ? 'The mouth\'s texture was not compared (no frames).'
      : mouth.frames >= 2
        ? `In the ${mouth.frames} frames where the lips moved at least ${T.textureExpressionGate}× the rigid points, the mouth's texture changed `
          + `${mouth.held.toFixed(2)} more than the upper face's (held in two frames; ${mouth.peak.toFixed(2)} at most; counts from ${T.textureExpressionMin})`
          + (x.vetoed && x.meshOwn > 0 ? ': the mouth did not change, so the mesh\'s lip motion is not counted.' : '.')
        : `The mouth's texture is compared in frames where the lips moved at least ${T.textureExpressionGate}× the rigid points; `
          + `it needs two such frames (${mouth.frames} here).`);
}

export const wordPose = (pose: PoseCue, flatTurn: boolean): string => `Head pose range ${pose.yawRange.toFixed(1)}° yaw, ${pose.pitchRange.toFixed(1)}° pitch`
  + (flatTurn ? ', without the parallax a turning head shows: a flat picture turning.' : '.');

export const wordMotion = (motion: MotionCue, still: boolean): string => (still
  ? `The face did not move between frames (${pct(motion.step)} of its size): a frozen picture.`
  : `The face moves between frames (${pct(motion.step)} of its size per frame, median).`);

export const wordFaceSize = (motion: MotionCue): string =>
  `The face is too small (${Math.round(motion.scale)} px between the eye corners, under ${T.minScale}) to judge liveness.`;

export const wordVerdict = (score: number): string => (score >= 50
  ? 'Live: the clip shows a 3-D face moving, blinking or changing expression.'
  : 'Not shown to be live: the clip shows no parallax of a turning head, no blink and no change of expression.');

export const wordTooFewFaces = (found: number, sampled: number): string =>
  `A face was found in ${found} of ${sampled} frames; liveness needs at least ${T.minFrames}.`;
