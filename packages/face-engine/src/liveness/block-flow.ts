// Pixel-accurate correspondences between two frames of the face: the mesh
// homography predicts where each small block of the face went, then a
// Lucas-Kanade search (translation, gain, bias; coarse then fine) finds where
// its texture actually is. A mesh is a model's guess and wobbles by a few
// percent of the face when a photo moves; texture does not.
import type { FaceFrame } from '../types.js';
import { applyHomography, fitHomography, type Mat3, type Point } from './homography.js';
import { blur, sampleWithGradient, type GreyImage } from './image.js';
import { FACE_OVAL, NOSE_TIP } from './landmarks.js';

export interface Correspondences {
  src: Point[];
  dst: Point[];
  /** Standard error of each block's position (pixels) from its Lucas-Kanade fit: how precisely its texture was found. */
  sigma: number[];
  /** Normalised photometric residual of each block after alignment (0: same texture; ~1: unrelated). */
  err: number[];
}

/** Is (x, y) inside the polygon (even-odd rule)? */
function inside(poly: readonly Point[], x: number, y: number): boolean {
  let odd = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!, [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

/** Block centres on a grid inside the face oval shrunk towards the nose (keeps background and hair out). */
export function blockCentres(frame: FaceFrame, scale: number): Point[] {
  const c = frame.mesh[NOSE_TIP]!;
  const poly = FACE_OVAL.map((i) => {
    const p = frame.mesh[i]!;
    return [c[0]! + 0.8 * (p[0]! - c[0]!), c[1]! + 0.8 * (p[1]! - c[1]!)] as Point;
  });
  const xs = poly.map((p) => p[0]), ys = poly.map((p) => p[1]);
  const step = 0.3 * scale;
  const out: Point[] = [];
  for (let y = Math.min(...ys); y <= Math.max(...ys); y += step) {
    for (let x = Math.min(...xs); x <= Math.max(...xs); x += step) if (inside(poly, x, y)) out.push([x, y]);
  }
  return out;
}

const s = new Float64Array(3);

/** Refine one block's displacement d so that cur(H(p + o) + d) ≈ gain·ref(p + o) + bias; null if it does not lock on. */
function refineBlock(ref: GreyImage, cur: GreyImage, h: Mat3, p: Point, half: number, step: number, d: [number, number]): { err: number; sigma: number } | null {
  const tpl: number[] = [], pred: Point[] = [];
  for (let oy = -half; oy <= half; oy += step) {
    for (let ox = -half; ox <= half; ox += step) {
      if (!sampleWithGradient(ref, p[0] + ox, p[1] + oy, s)) return null;
      tpl.push(s[0]!);
      pred.push(applyHomography(h, [p[0] + ox, p[1] + oy]));
    }
  }
  const n = tpl.length;
  const tMean = tpl.reduce((a, b) => a + b, 0) / n;
  const tStd = Math.sqrt(tpl.reduce((a, b) => a + (b - tMean) ** 2, 0) / n);
  if (tStd < 2) return null; // flat skin: no texture to lock on
  const vals = new Float64Array(n), gx = new Float64Array(n), gy = new Float64Array(n);
  let err = Infinity, sigma = Infinity;
  for (let iter = 0; iter < 20; iter++) {
    let mean = 0;
    for (let k = 0; k < n; k++) {
      if (!sampleWithGradient(cur, pred[k]![0] + d[0], pred[k]![1] + d[1], s)) return null;
      vals[k] = s[0]!; gx[k] = s[1]!; gy[k] = s[2]!;
      mean += s[0]!;
    }
    mean /= n;
    let std = 0;
    for (let k = 0; k < n; k++) std += (vals[k]! - mean) ** 2;
    std = Math.sqrt(std / n) || 1;
    // Residual of the normalised patches; gradients scaled the same way.
    let a = 0, b = 0, c = 0, ex = 0, ey = 0, e2 = 0;
    for (let k = 0; k < n; k++) {
      const r = (vals[k]! - mean) / std - (tpl[k]! - tMean) / tStd;
      const jx = gx[k]! / std, jy = gy[k]! / std;
      a += jx * jx; b += jx * jy; c += jy * jy; ex += jx * r; ey += jy * r; e2 += r * r;
    }
    err = Math.sqrt(e2 / n);
    const det = a * c - b * b;
    if (det <= 1e-9 || Math.min(a, c) < 1e-6) return null;
    // err²·(JᵀJ)⁻¹ is the position covariance; ×2 because neighbouring samples are blurred together, not independent.
    sigma = 2 * err * Math.sqrt((a + c) / det / 2);
    const dx = -(c * ex - b * ey) / det, dy = -(a * ey - b * ex) / det;
    d[0] += Math.max(-half / 2, Math.min(half / 2, dx));
    d[1] += Math.max(-half / 2, Math.min(half / 2, dy));
    if (Math.hypot(dx, dy) < 0.01) break;
  }
  return { err, sigma };
}

/** A frame's face crop, blurred for the coarse and the fine search. */
export type FacePyramid = readonly [GreyImage, GreyImage];

/** Blur radii follow the face size (clip-wide `scale`, the eye-corner distance) so the search behaves the same for any resolution. */
export function facePyramid(grey: GreyImage, scale: number): FacePyramid {
  return [blur(grey, Math.max(1, Math.round(scale / 25))), blur(grey, Math.max(1, Math.round(scale / 150)))];
}

/**
 * Where the face's textured blocks of the reference frame moved in the
 * current one, starting from the mesh homography `h` (ref pixels → cur
 * pixels). Blocks that do not lock on (no texture, left the crop, normalised
 * residual > 0.5) are dropped.
 */
export function blockFlow(ref: FacePyramid, cur: FacePyramid, refFrame: FaceFrame, h: Mat3, scale: number): Correspondences {
  const centres = blockCentres(refFrame, scale);
  const levels = [[ref[0], cur[0]], [ref[1], cur[1]]] as const;
  // Round 1 corrects the mesh's error; rounds 2-3 re-predict every block with
  // the texture homography so each patch's own shape is warped correctly
  // (a patch warped by the mesh's slightly wrong homography biases its shift).
  let found = trackBlocks(levels, h, centres, scale);
  for (let round = 0; round < 2 && found.src.length >= 8; round++) {
    found = trackBlocks(levels.slice(1), fitHomography(found.src, found.dst), centres, scale);
  }
  return found;
}

function trackBlocks(pyramid: ReadonlyArray<readonly [GreyImage, GreyImage]>, h: Mat3, centres: Point[], scale: number): Correspondences {
  const src: Point[] = [], dst: Point[] = [], sigma: number[] = [], err: number[] = [];
  const half = 0.25 * scale;
  const step = Math.max(1, scale / 40);
  for (const p of centres) {
    const d: [number, number] = [0, 0];
    let fit: { err: number; sigma: number } | null = null;
    for (const [r, c] of pyramid) {
      fit = refineBlock(r, c, h, p, half, step, d);
      if (fit === null) break;
    }
    if (fit === null || fit.err > 0.5) continue;
    const q = applyHomography(h, p);
    src.push(p);
    dst.push([q[0] + d[0], q[1] + d[1]]);
    sigma.push(fit.sigma);
    err.push(fit.err);
  }
  return { src, dst, sigma, err };
}
