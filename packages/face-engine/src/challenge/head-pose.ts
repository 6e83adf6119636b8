// Head yaw and pitch from the mesh's 3-D landmarks, relative to a baseline
// pose (the clip's first frames), in the person's own frame of reference.
// Each frame gives three head axes: "left" (the person's right eye corners
// and cheek to their left ones), "down" (forehead to chin, made orthogonal)
// and "forward" (their cross product, turned to point out through the nose).
// A turn to the person's left tilts "forward" towards the baseline "left"
// axis: sin(yaw) = forward · left₀; looking up tilts it against "down":
// sin(pitch) = −forward · down₀. Ratios of directions only, so the face's
// size in the frame (camera distance) changes nothing, and the person's own
// left stays their left (for an unmirrored recording, which is what cameras
// and MediaRecorder deliver).
// Depth: Human keeps the mesh's z in the mesh model's own crop units while x
// and y are scaled to the image (transformRawCoords in Human 3.3), so raw z
// is too flat by a factor that depends on the face's size. It is rescaled per
// clip so that the nose tip stands in front of the outer eye corners by 0.48
// of their distance, as in MediaPipe's metric canonical face model (nose tip
// z 7.48 cm, outer eye corners z 3.17 cm and 8.89 cm apart).
import { CHIN, EYE_OUTER, FOREHEAD, NOSE_TIP } from '../mesh/landmarks.js';
import type { FaceFrame } from '../types.js';

type V3 = [number, number, number];

/** Right → left pairs (the person's sides): outer eye corners, inner eye corners, cheeks. */
const LEFTWARD_PAIRS = [[33, 263], [133, 362], [234, 454]] as const;
const NOSE_BRIDGE = 168;
const [EYE_R, EYE_L] = EYE_OUTER;
/** Nose-tip depth in front of the outer eye corners over their distance, in the canonical face model. */
export const NOSE_DEPTH_RATIO = 0.484;

const sub = (a: readonly number[], b: readonly number[]): V3 => [a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!];
const dot = (a: V3, b: V3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const scale = (a: V3, s: number): V3 => [a[0] * s, a[1] * s, a[2] * s];
const unit = (a: V3): V3 => scale(a, 1 / (Math.hypot(a[0], a[1], a[2]) || 1));

export interface HeadAxes {
  left: V3;
  down: V3;
  forward: V3;
}

/** The head's orthonormal axes in camera coordinates for one frame. */
export function headAxes(f: FaceFrame, zGain = 1): HeadAxes {
  const m = f.mesh.map((p): V3 => [p[0], p[1], p[2] * zGain]);
  let l: V3 = [0, 0, 0];
  for (const [r, lt] of LEFTWARD_PAIRS) {
    const d = sub(m[lt]!, m[r]!);
    l = [l[0] + d[0], l[1] + d[1], l[2] + d[2]];
  }
  const left = unit(l);
  const d0 = sub(m[CHIN]!, m[FOREHEAD]!);
  const down = unit(sub(d0, scale(left, dot(d0, left))));
  let forward = unit(cross(left, down));
  // Point "forward" out of the face: the nose tip stands in front of the bridge-to-eyes plane.
  if (dot(forward, sub(m[NOSE_TIP]!, m[NOSE_BRIDGE]!)) < 0) forward = scale(forward, -1);
  return { left, down, forward };
}

/** The mean of several frames' axes, re-orthonormalised: a steadier baseline than one frame. */
export function meanAxes(axes: readonly HeadAxes[]): HeadAxes {
  const avg = (pick: (a: HeadAxes) => V3): V3 => unit(axes.reduce<V3>((s, a) => { const v = pick(a); return [s[0] + v[0], s[1] + v[1], s[2] + v[2]]; }, [0, 0, 0]));
  const left = avg((a) => a.left);
  const d = avg((a) => a.down);
  const down = unit(sub(d, scale(left, dot(d, left))));
  const f = avg((a) => a.forward);
  const c = cross(left, down);
  return { left, down, forward: dot(c, f) >= 0 ? c : scale(c, -1) };
}

export interface RelativePose {
  t: number;
  /** Degrees; positive = turned to the person's left. */
  yaw: number;
  /** Degrees; positive = looking up. */
  pitch: number;
}

const deg = (s: number): number => (Math.asin(Math.max(-1, Math.min(1, s))) * 180) / Math.PI;

/** The factor that gives the mesh's depth the canonical face's proportions, from near-frontal frames. */
export function depthGain(frames: readonly FaceFrame[]): number {
  const ratios = frames.map((f) => {
    const m = f.mesh, r = m[EYE_R]!, l = m[EYE_L]!, n = m[NOSE_TIP]!;
    return Math.abs(n[2] - (r[2] + l[2]) / 2) / (Math.hypot(r[0] - l[0], r[1] - l[1]) || 1);
  }).sort((a, b) => a - b);
  const mid = ratios[Math.floor(ratios.length / 2)] ?? 0;
  // A mesh without usable depth (all z equal) keeps z as it is.
  return mid > 1e-3 ? NOSE_DEPTH_RATIO / mid : 1;
}

/** Yaw and pitch of every frame relative to the baseline axes (both built with the same depth gain). */
export function relativePoses(frames: readonly FaceFrame[], base: HeadAxes, zGain = 1): RelativePose[] {
  return frames.map((f) => {
    const { forward } = headAxes(f, zGain);
    return { t: f.t, yaw: deg(dot(forward, base.left)), pitch: deg(-dot(forward, base.down)) };
  });
}
