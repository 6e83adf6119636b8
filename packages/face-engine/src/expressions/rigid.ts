// The face's non-rigid part: every frame's 3-D mesh is aligned onto the
// clip's median face by the similarity (rotation, scale, translation) that
// best fits the rigid points — eye corners, nose bridge and base, forehead,
// temples — with Horn's closed form. What the alignment leaves on the rigid
// points is the mesh model's own error in that frame; what it leaves on the
// lips or lids is expression. A flat photo, however it is turned, bent or
// shown, keeps one expression: the mesh model re-shapes it a little, but over
// the whole face, so its lips move no more than its rigid points do.
import { smallestEigenvector } from '../math/linalg.js';
import { faceScale } from '../mesh/landmarks.js';
import { median } from '../math/stats.js';
import type { FaceFrame } from '../types.js';

/** Points that expressions hardly move: eye corners, nose bridge and base, forehead and brow ridge midline, temples. */
export const RIGID_POINTS = [33, 133, 362, 263, 168, 6, 197, 2, 98, 327, 10, 151, 9, 234, 454, 127, 356] as const;
/** Lips: corners, mid-lines of the inner and outer contours. */
export const LIP_POINTS = [61, 291, 13, 14, 0, 17, 78, 308] as const;

type V3 = [number, number, number];

export interface NonRigidFrame {
  /** RMS 3-D distance of the rigid points from the clip's median face after alignment, over the eye-corner distance. */
  rigid: number;
  /** RMS 3-D distance of the lip points from the median face after alignment, over the eye-corner distance. */
  lips: number;
}

/** Rotation (as a 3×3 row-major matrix) and scale that map the centred `src` rigid points onto the centred `dst` ones (Horn 1987). */
function similarity(src: readonly V3[], dst: readonly V3[]): { r: Float64Array; s: number; cs: V3; cd: V3 } {
  const n = src.length;
  const cs: V3 = [0, 0, 0], cd: V3 = [0, 0, 0];
  for (let k = 0; k < n; k++) for (let a = 0; a < 3; a++) { cs[a] = cs[a]! + src[k]![a]! / n; cd[a] = cd[a]! + dst[k]![a]! / n; }
  const m = new Float64Array(9);
  let ss = 0, sd = 0;
  for (let k = 0; k < n; k++) {
    const p = [src[k]![0] - cs[0], src[k]![1] - cs[1], src[k]![2] - cs[2]];
    const q = [dst[k]![0] - cd[0], dst[k]![1] - cd[1], dst[k]![2] - cd[2]];
    ss += p[0]! ** 2 + p[1]! ** 2 + p[2]! ** 2;
    sd += q[0]! ** 2 + q[1]! ** 2 + q[2]! ** 2;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) m[a * 3 + b]! += p[a]! * q[b]!;
  }
  const [xx, xy, xz, yx, yy, yz, zx, zy, zz] = m as unknown as number[];
  // The best rotation's quaternion is the top eigenvector of N: the smallest of −N.
  const nm = Float64Array.from([
    xx! + yy! + zz!, yz! - zy!, zx! - xz!, xy! - yx!,
    yz! - zy!, xx! - yy! - zz!, xy! + yx!, zx! + xz!,
    zx! - xz!, xy! + yx!, -xx! + yy! - zz!, yz! + zy!,
    xy! - yx!, zx! + xz!, yz! + zy!, -xx! - yy! + zz!,
  ], (v) => -v);
  const [w, x, y, z] = smallestEigenvector(nm, 4) as unknown as [number, number, number, number];
  const r = Float64Array.from([
    w * w + x * x - y * y - z * z, 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), w * w - x * x + y * y - z * z, 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), w * w - x * x - y * y + z * z,
  ]);
  return { r, s: Math.sqrt(sd / (ss || 1)), cs, cd };
}

function aligned(mesh: readonly (readonly number[])[], ref: readonly V3[], rigid: readonly number[]): V3[] {
  const { r, s, cs, cd } = similarity(rigid.map((i) => mesh[i] as V3), rigid.map((i) => ref[i]!));
  return mesh.map(([x, y, z]) => {
    const p = [x! - cs[0], y! - cs[1], z! - cs[2]];
    return [0, 1, 2].map((a) => s * (r[a * 3]! * p[0]! + r[a * 3 + 1]! * p[1]! + r[a * 3 + 2]! * p[2]!) + cd[a]!) as V3;
  });
}

function medianFace(faces: readonly V3[][]): V3[] {
  return faces[0]!.map((_, i) => [0, 1, 2].map((a) => median(faces.map((f) => f[i]![a]!))) as V3);
}

const rmsOff = (face: readonly V3[], ref: readonly V3[], idx: readonly number[]): number => {
  let s = 0;
  for (const i of idx) s += (face[i]![0] - ref[i]![0]) ** 2 + (face[i]![1] - ref[i]![1]) ** 2 + (face[i]![2] - ref[i]![2]) ** 2;
  return Math.sqrt(s / idx.length);
};

/**
 * Per frame: how far the rigid points and the lips sit from the clip's
 * median face once the head's pose and size are taken out (both over the
 * eye-corner distance). Needs at least 3 frames; the median face is
 * re-estimated once after a first alignment onto the first frame.
 */
export function nonRigidMotion(frames: readonly FaceFrame[]): NonRigidFrame[] {
  if (frames.length < 3) return [];
  const scale = median(frames.map(faceScale)) || 1;
  // Only the rigid and lip points are needed: indices 0..n-1 of these compact faces.
  const keep = [...RIGID_POINTS, ...LIP_POINTS];
  const rigid = RIGID_POINTS.map((_, k) => k), lips = LIP_POINTS.map((_, k) => RIGID_POINTS.length + k);
  const faces = frames.map((f) => keep.map((i) => f.mesh[i]!));
  let ref: V3[] = faces[0]!.map((p) => [p[0], p[1], p[2]]);
  for (let round = 0; round < 2; round++) ref = medianFace(faces.map((f) => aligned(f, ref, rigid)));
  return faces.map((f) => {
    const face = aligned(f, ref, rigid);
    return { rigid: rmsOff(face, ref, rigid) / scale, lips: rmsOff(face, ref, lips) / scale };
  });
}
