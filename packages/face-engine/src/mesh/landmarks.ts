// Indices into the 468/478-point face mesh (MediaPipe Face Mesh topology,
// which Human's mesh model uses) and the per-frame measures built on them.
import type { FaceFrame } from '../types.js';

/** Six points per eye for the eye aspect ratio: outer corner, two upper lid, inner corner, two lower lid. */
export const RIGHT_EYE = [33, 160, 158, 133, 153, 144] as const;
export const LEFT_EYE = [362, 385, 387, 263, 373, 380] as const;
export const NOSE_TIP = 1;
export const CHIN = 152;
export const FOREHEAD = 10;
export const RIGHT_CHEEK = 234;
export const LEFT_CHEEK = 454;
/** Outer eye corners: their distance is the face's scale (stable under expression). */
export const EYE_OUTER = [33, 263] as const;

type P = readonly number[];
const dist = (a: P, b: P): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);

/** Face size in pixels: outer-eye-corner distance, which hardly changes with expression or blinks. */
export function faceScale(f: FaceFrame): number {
  return dist(f.mesh[EYE_OUTER[0]]!, f.mesh[EYE_OUTER[1]]!);
}

/** Eye aspect ratio (Soukupová & Čech 2016): lid opening over eye width; ≈0.25-0.35 open, < 0.15 closed. */
export function eyeAspectRatio(f: FaceFrame, eye: readonly number[]): number {
  const p = eye.map((i) => f.mesh[i]!);
  return (dist(p[1]!, p[5]!) + dist(p[2]!, p[4]!)) / (2 * dist(p[0]!, p[3]!) || 1);
}

export function meanEar(f: FaceFrame): number {
  return (eyeAspectRatio(f, RIGHT_EYE) + eyeAspectRatio(f, LEFT_EYE)) / 2;
}

/**
 * Head yaw and pitch in radians from the mesh alone (the detector's own angles
 * are used when present): the nose tip's offset from the cheek and brow-chin
 * midlines, relative to the face's half-width and half-height.
 */
export function headAngles(f: FaceFrame): { yaw: number; pitch: number } {
  if (f.rotation) return { yaw: f.rotation.yaw, pitch: f.rotation.pitch };
  const nose = f.mesh[NOSE_TIP]!, r = f.mesh[RIGHT_CHEEK]!, l = f.mesh[LEFT_CHEEK]!, top = f.mesh[FOREHEAD]!, chin = f.mesh[CHIN]!;
  const halfW = dist(r, l) / 2 || 1, halfH = dist(top, chin) / 2 || 1;
  const yaw = Math.asin(Math.max(-1, Math.min(1, (nose[0]! - (r[0]! + l[0]!) / 2) / halfW)));
  const pitch = Math.asin(Math.max(-1, Math.min(1, (nose[1]! - (top[1]! + chin[1]!) / 2) / halfH)));
  return { yaw, pitch };
}

/** The face outline, in order around the face. */
export const FACE_OVAL = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176,
  149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109] as const;

/** Mouth corners and the middle of the upper and lower lip: where a smile, a smirk or speech changes the texture. */
export const MOUTH_BLOCKS = [61, 291, 0, 17] as const;
/** Glabella and the two sides of the forehead: texture that expressions of the mouth leave alone. */
export const UPPER_FACE_BLOCKS = [9, 67, 297] as const;
