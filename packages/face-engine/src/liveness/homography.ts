// Homography between two 2-D point sets by the normalised DLT (Hartley):
// points are centred and scaled to mean distance √2 before the fit so the
// algebraic least squares is well conditioned, then the result is mapped back.
import { smallestEigenvector } from '../math/linalg.js';
import type { FaceFrame } from '../types.js';

export type Point = readonly [number, number];

/** The frame's mesh in image coordinates (x, y), for homography fits. */
export const meshPoints = (f: FaceFrame): Point[] => f.mesh.map((p) => [p[0], p[1]] as Point);

/** Row-major 3×3 matrix. */
export type Mat3 = Float64Array;

function normaliser(pts: readonly Point[]): { t: Mat3; scale: number; cx: number; cy: number } {
  let cx = 0, cy = 0;
  for (const [x, y] of pts) { cx += x; cy += y; }
  cx /= pts.length; cy /= pts.length;
  let d = 0;
  for (const [x, y] of pts) d += Math.hypot(x - cx, y - cy);
  const scale = Math.SQRT2 / (d / pts.length || 1);
  return { t: Float64Array.from([scale, 0, -scale * cx, 0, scale, -scale * cy, 0, 0, 1]), scale, cx, cy };
}

export function mul3(a: Mat3, b: Mat3): Mat3 {
  const r = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) r[i * 3 + j]! += a[i * 3 + k]! * b[k * 3 + j]!;
  return r;
}

function inverseNormaliser(n: { scale: number; cx: number; cy: number }): Mat3 {
  return Float64Array.from([1 / n.scale, 0, n.cx, 0, 1 / n.scale, n.cy, 0, 0, 1]);
}

/** The homography H (src → dst) minimising the algebraic error over all correspondences; needs ≥ 4 points. */
export function fitHomography(src: readonly Point[], dst: readonly Point[]): Mat3 {
  if (src.length !== dst.length || src.length < 4) throw new Error('A homography needs at least 4 matching points.');
  const ns = normaliser(src), nd = normaliser(dst);
  const ata = new Float64Array(81);
  for (let k = 0; k < src.length; k++) {
    const x = ns.scale * (src[k]![0] - ns.cx), y = ns.scale * (src[k]![1] - ns.cy);
    const u = nd.scale * (dst[k]![0] - nd.cx), v = nd.scale * (dst[k]![1] - nd.cy);
    // The two DLT rows of this correspondence, [0 0 0 −x −y −1 vx vy v] and [x y 1 0 0 0 −ux −uy −u], added
    // into the upper triangle of AᵀA term by term in the order a full row loop would (zeros skipped: adding
    // 0 changes nothing), so the sums are the same to the last bit.
    const r1 = [-x, -y, -1, v * x, v * y, v] as const; // columns 3-8 of the first row
    const r2 = [x, y, 1, -u * x, -u * y, -u] as const; // columns 0-2 and 6-8 of the second row
    for (let i = 0; i < 6; i++) for (let j = i; j < 6; j++) ata[(i + 3) * 9 + j + 3]! += r1[i]! * r1[j]!;
    for (let i = 0; i < 3; i++) for (let j = i; j < 3; j++) ata[i * 9 + j]! += r2[i]! * r2[j]!;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) ata[i * 9 + j + 6]! += r2[i]! * r2[j + 3]!;
    for (let i = 0; i < 3; i++) for (let j = i; j < 3; j++) ata[(i + 6) * 9 + j + 6]! += r2[i + 3]! * r2[j + 3]!;
  }
  for (let i = 0; i < 9; i++) for (let j = 0; j < i; j++) ata[i * 9 + j] = ata[j * 9 + i]!;
  const h = smallestEigenvector(ata, 9);
  const hn = mul3(mul3(inverseNormaliser(nd), h), ns.t);
  const s = hn[8]! !== 0 ? hn[8]! : 1;
  return hn.map((v) => v / s);
}

export function applyHomography(h: Mat3, [x, y]: Point): [number, number] {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
}

/** Transfer error of each correspondence under H, in the destination's pixels. */
export function transferErrors(h: Mat3, src: readonly Point[], dst: readonly Point[]): Float64Array {
  const out = new Float64Array(src.length);
  for (let k = 0; k < src.length; k++) {
    // applyHomography inlined: this runs for every mesh point of every frame pair.
    const px = src[k]![0], py = src[k]![1];
    const w = h[6]! * px + h[7]! * py + h[8]!;
    out[k] = Math.hypot((h[0]! * px + h[1]! * py + h[2]!) / w - dst[k]![0], (h[3]! * px + h[4]! * py + h[5]!) / w - dst[k]![1]);
  }
  return out;
}
