// Plane + parallax: a rigid 3-D face seen from two viewpoints moves as a
// homography (its mean plane) plus, for each point, a displacement along one
// common direction proportional to the point's depth off that plane. So the
// motion left over after the homography should line up with the face's depth
// map (the mesh's z): the nose tip moves most, the cheeks the other way. A
// flat photo leaves only tracking noise, which does not line up with depth;
// a bending sheet leaves a displacement that changes direction across the
// sheet, which one common direction cannot explain.
import type { FaceFrame } from '../types.js';
import { applyHomography, fitHomography, type Point } from './homography.js';
import { solve } from './linalg.js';
import { rms } from './stats.js';

/** Mesh depth at each point (mean z of the 4 nearest mesh vertices), minus its best-fitting plane. */
export function relativeDepth(frame: FaceFrame, pts: readonly Point[]): Float64Array {
  const z = pts.map(([x, y]) => {
    const near = frame.mesh
      .map((m) => [(m[0] - x) ** 2 + (m[1] - y) ** 2, m[2]] as const)
      .sort((a, b) => a[0] - b[0])
      .slice(0, 4);
    return near.reduce((s, n) => s + n[1], 0) / near.length;
  });
  // Remove z = a + b·x + c·y: the homography already absorbs a tilted plane.
  const ata = new Float64Array(9), atb = new Float64Array(3);
  pts.forEach(([x, y], k) => {
    const row = [1, x, y];
    for (let i = 0; i < 3; i++) {
      atb[i]! += row[i]! * z[k]!;
      for (let j = 0; j < 3; j++) ata[i * 3 + j]! += row[i]! * row[j]!;
    }
  });
  const c = solve(ata, atb, 3) ?? new Float64Array(3);
  return Float64Array.from(pts, ([x, y], k) => z[k]! - (c[0]! + c[1]! * x + c[2]! * y));
}

export interface ParallaxFit {
  /** RMS residual after the homography alone, pixels. */
  planar: number;
  /** RMS displacement explained by depth along one direction, pixels. */
  parallax: number;
  /** RMS residual after homography + parallax, pixels. */
  remaining: number;
  /** Parallax per unit of depth (x, y): its direction is the way the head turned. */
  v: [number, number];
}

/** Fit dst ≈ H(src) + depth·v by alternating a homography fit and the least-squares parallax vector v. */
export function fitPlaneParallax(src: readonly Point[], dst: readonly Point[], depth: Float64Array): ParallaxFit {
  let v: [number, number] = [0, 0];
  let planar = 0, remaining = 0;
  const zz = depth.reduce((s, d) => s + d * d, 0) || 1;
  const residuals = (h: Float64Array): Point[] => src.map((p, k) => {
    const q = applyHomography(h, p);
    return [dst[k]![0] - q[0], dst[k]![1] - q[1]] as Point;
  });
  for (let iter = 0; iter < 6; iter++) {
    const shifted = dst.map((q, k) => [q[0] - depth[k]! * v[0], q[1] - depth[k]! * v[1]] as Point);
    const h = fitHomography(src, shifted);
    const r = residuals(h);
    if (iter === 0) planar = rms(r.map((e) => Math.hypot(e[0], e[1])));
    let sx = 0, sy = 0;
    r.forEach((e, k) => { sx += depth[k]! * e[0]; sy += depth[k]! * e[1]; });
    v = [sx / zz, sy / zz];
    remaining = rms(r.map((e, k) => Math.hypot(e[0] - depth[k]! * v[0], e[1] - depth[k]! * v[1])));
  }
  const parallax = Math.hypot(v[0], v[1]) * rms(depth);
  return { planar, parallax, remaining, v };
}
