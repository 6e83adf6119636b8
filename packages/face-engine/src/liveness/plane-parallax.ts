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
import { solve } from '../math/linalg.js';
import { rms } from '../math/stats.js';

/** Mesh depth at each point (mean z of the 4 nearest mesh vertices), minus its best-fitting plane. */
export function relativeDepth(frame: FaceFrame, pts: readonly Point[]): Float64Array {
  const mesh = frame.mesh;
  const z = pts.map(([x, y]) => {
    // The 4 nearest vertices by insertion into a sorted 4-slot list (no per-point sort of the 478).
    const bd = [Infinity, Infinity, Infinity, Infinity], bz = [0, 0, 0, 0];
    for (const m of mesh) {
      const d = (m[0] - x) ** 2 + (m[1] - y) ** 2;
      if (d >= bd[3]!) continue;
      let k = 3;
      while (k > 0 && bd[k - 1]! > d) { bd[k] = bd[k - 1]!; bz[k] = bz[k - 1]!; k--; }
      bd[k] = d;
      bz[k] = m[2];
    }
    const found = Math.min(4, mesh.length);
    let sum = 0;
    for (let k = 0; k < found; k++) sum += bz[k]!;
    return sum / found;
  });
  return planeDepth(pts, z);
}

/** Depth z at each point minus the plane z = a + b·x + c·y that fits them best (a homography already absorbs a tilted plane). */
export function planeDepth(pts: readonly Point[], z: ArrayLike<number>): Float64Array {
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
