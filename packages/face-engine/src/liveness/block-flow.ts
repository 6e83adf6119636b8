// Pixel-accurate correspondences between two frames of the face: the mesh
// homography predicts where each small block of the face went, then a
// Lucas-Kanade search (translation, gain, bias; coarse then fine) finds where
// its texture actually is. A mesh is a model's guess and wobbles by a few
// percent of the face when a photo moves; texture does not.
import type { FaceFrame } from '../types.js';
import { applyHomography, fitHomography, type Mat3, type Point } from './homography.js';
import { blur, halve, type GreyImage } from './image.js';
import { FACE_OVAL, NOSE_TIP } from '../mesh/landmarks.js';

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

/** The face oval shrunk towards the nose: where blocks are placed (keeps background and hair out). */
function innerOval(frame: FaceFrame): Point[] {
  const c = frame.mesh[NOSE_TIP]!;
  return FACE_OVAL.map((i) => {
    const p = frame.mesh[i]!;
    return [c[0]! + 0.8 * (p[0]! - c[0]!), c[1]! + 0.8 * (p[1]! - c[1]!)] as Point;
  });
}

/**
 * The part of a frame the block search can read, [x, y, w, h]: the blocks'
 * area plus half a block, a search margin of 0.15·scale (the mesh homography's
 * error between frames) and the coarse blur's support. Converting and
 * blurring only this part is most of the saving over a crop of the whole head.
 */
export function blockRegion(frame: FaceFrame, scale: number): [number, number, number, number] {
  const poly = innerOval(frame);
  const xs = poly.map((p) => p[0]), ys = poly.map((p) => p[1]);
  const m = 0.4 * scale + 2 * Math.max(1, Math.round(scale / 25)) + 2;
  const x0 = Math.min(...xs) - m, y0 = Math.min(...ys) - m;
  return [x0, y0, Math.max(...xs) + m - x0, Math.max(...ys) + m - y0];
}

/** Block centres on a grid inside the face oval shrunk towards the nose (keeps background and hair out). */
export function blockCentres(frame: FaceFrame, scale: number): Point[] {
  const poly = innerOval(frame);
  const xs = poly.map((p) => p[0]), ys = poly.map((p) => p[1]);
  const step = 0.3 * scale;
  const out: Point[] = [];
  for (let y = Math.min(...ys); y <= Math.max(...ys); y += step) {
    for (let x = Math.min(...xs); x <= Math.max(...xs); x += step) if (inside(poly, x, y)) out.push([x, y]);
  }
  return out;
}

// Scratch buffers shared by every block (one block is refined at a time): the
// inner loops allocate nothing.
let cap = 0;
let px = new Float64Array(0), py = new Float64Array(0);
function reserve(n: number): void {
  if (n <= cap) return;
  cap = n;
  px = new Float64Array(n); py = new Float64Array(n);
}

/** Grey value at (x, y) of `img` (frame coordinates), bilinear; NaN outside. */
function sampleAt(img: GreyImage, x: number, y: number): number {
  const s = 1 / (img.px ?? 1);
  x = (x - img.ox) * s;
  y = (y - img.oy) * s;
  const w = img.width;
  if (!(x >= 0 && y >= 0 && x < w - 1 && y < img.height - 1)) return NaN;
  const x0 = Math.floor(x), y0 = Math.floor(y), fx = x - x0, fy = y - y0, i = y0 * w + x0, d = img.data;
  const a = d[i]!, b = d[i + 1]!, c = d[i + w]!, e = d[i + w + 1]!;
  return a + (b - a) * fx + (c - a) * fy + (a - b - c + e) * fx * fy;
}

/**
 * A block's texture in the reference frame, normalised to mean 0 and
 * standard deviation 1 (null: it leaves the image or is flat skin). The same
 * block of the same frame is searched for in several frames and rounds, so
 * templates are kept per image (a WeakMap: they go with the pyramid).
 */
type Template = { t: Float64Array; sumT: number; sumTT: number } | null;
const templates = new WeakMap<GreyImage, Map<string, Template>>();

function template(ref: GreyImage, p: Point, half: number, step: number): Template {
  let byBlock = templates.get(ref);
  if (!byBlock) templates.set(ref, (byBlock = new Map()));
  const key = `${p[0]},${p[1]},${half},${step}`;
  const known = byBlock.get(key);
  if (known !== undefined) return known;
  const vals: number[] = [];
  let sum = 0;
  let found: Template = null;
  outside: {
    for (let oy = -half; oy <= half; oy += step) {
      for (let ox = -half; ox <= half; ox += step) {
        const v = sampleAt(ref, p[0] + ox, p[1] + oy);
        if (Number.isNaN(v)) break outside;
        vals.push(v);
        sum += v;
      }
    }
    const n = vals.length, mean = sum / n;
    let tVar = 0;
    for (const v of vals) tVar += (v - mean) ** 2;
    const tStd = Math.sqrt(tVar / n);
    if (tStd < 2) break outside; // flat skin: no texture to lock on
    const t = Float64Array.from(vals, (v) => (v - mean) / tStd);
    let sumT = 0, sumTT = 0;
    for (const v of t) { sumT += v; sumTT += v * v; }
    found = { t, sumT, sumTT };
  }
  byBlock.set(key, found);
  return found;
}

/**
 * Refine one block's displacement d so that cur(H(p + o) + d) ≈ gain·ref(p + o) + bias; null if it does not lock on.
 * Each iteration is one pass over the samples: the normalised residual r = (v − mean)/std − t and its
 * Gauss-Newton sums (JᵀJ, Jᵀr, rᵀr) are expanded into plain sums of v, v², gradients and their products with v and t.
 * With `iterations` 1 the residual is the one at the starting d (gain and bias fitted, no search).
 */
export function refineBlock(
  ref: GreyImage, cur: GreyImage, h: Mat3, p: Point, half: number, step: number, d: [number, number], iterations = 20,
): { err: number; sigma: number } | null {
  const tp = template(ref, p, half, step);
  if (!tp) return null;
  const { t: tpl, sumT, sumTT } = tp;
  const n = tpl.length;
  reserve(n);
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h as unknown as number[];
  let k = 0;
  for (let oy = -half; oy <= half; oy += step) {
    for (let ox = -half; ox <= half; ox += step) {
      const x = p[0] + ox, y = p[1] + oy;
      const wz = h6! * x + h7! * y + h8!;
      px[k] = (h0! * x + h1! * y + h2!) / wz;
      py[k] = (h3! * x + h4! * y + h5!) / wz;
      k++;
    }
  }
  const w = cur.width, hh = cur.height, data = cur.data, s = 1 / (cur.px ?? 1), ox0 = cur.ox, oy0 = cur.oy;
  let err = Infinity, sigma = Infinity;
  for (let iter = 0; iter < iterations; iter++) {
    const dx0 = d[0] - ox0, dy0 = d[1] - oy0;
    let sv = 0, svv = 0, sgx = 0, sgy = 0, sxx = 0, sxy = 0, syy = 0, sxv = 0, syv = 0, sxt = 0, syt = 0, svt = 0;
    for (let i = 0; i < n; i++) {
      const x = (px[i]! + dx0) * s, y = (py[i]! + dy0) * s;
      if (!(x >= 0 && y >= 0 && x < w - 1 && y < hh - 1)) return null;
      const x0 = Math.floor(x), y0 = Math.floor(y), fx = x - x0, fy = y - y0, j = y0 * w + x0;
      const a = data[j]!, b = data[j + 1]!, c = data[j + w]!, e = data[j + w + 1]!, q = a - b - c + e;
      const v = a + (b - a) * fx + (c - a) * fy + q * fx * fy;
      // Gradients per frame pixel.
      const gx = (b - a + q * fy) * s, gy = (c - a + q * fx) * s, t = tpl[i]!;
      sv += v; svv += v * v; sgx += gx; sgy += gy;
      sxx += gx * gx; sxy += gx * gy; syy += gy * gy;
      sxv += gx * v; syv += gy * v; sxt += gx * t; syt += gy * t; svt += v * t;
    }
    const mean = sv / n;
    const inv = 1 / (Math.sqrt(Math.max(0, svv / n - mean * mean)) || 1);
    const inv2 = inv * inv;
    // J = ∇v/std, r = (v − mean)/std − t.
    const a = sxx * inv2, b = sxy * inv2, c = syy * inv2;
    const ex = (sxv - mean * sgx) * inv2 - sxt * inv, ey = (syv - mean * sgy) * inv2 - syt * inv;
    const e2 = Math.max(0, (svv - n * mean * mean) * inv2 - 2 * (svt - mean * sumT) * inv + sumTT);
    err = Math.sqrt(e2 / n);
    const det = a * c - b * b;
    if (det <= 1e-9 || Math.min(a, c) < 1e-6) return null;
    // err²·(JᵀJ)⁻¹ is the position covariance; ×2 because neighbouring samples are blurred together, not independent.
    sigma = 2 * err * Math.sqrt((a + c) / det / 2);
    if (iterations === 1) break;
    const dx = -(c * ex - b * ey) / det, dy = -(a * ey - b * ex) / det;
    d[0] += Math.max(-half / 2, Math.min(half / 2, dx));
    d[1] += Math.max(-half / 2, Math.min(half / 2, dy));
    if (Math.hypot(dx, dy) < 0.01) break;
  }
  return { err, sigma };
}

/** Fewest tracked blocks a texture homography is fitted from (fewer: the frame pair is not measured). */
export const MIN_BLOCKS = 10;

/** Search settings: texture-homography refits after the first pass, and the coarse level's sample spacing over the fine one's. */
export const LK = { refits: 2, coarseStepFactor: 2 };

/** A frame's face crop, blurred for the coarse and the fine search. */
export type FacePyramid = readonly [GreyImage, GreyImage];

let halfScratch = new Float32Array(0);

/**
 * Blur radii follow the face size (clip-wide `scale`, the eye-corner distance) so the search behaves the same for any
 * resolution. The levels are new images; `grey` is only read (it may be a reused buffer).
 */
export function facePyramid(grey: GreyImage, scale: number): FacePyramid {
  const n = (grey.width >> 1) * (grey.height >> 1);
  if (halfScratch.length < n) halfScratch = new Float32Array(n);
  // The coarse level (blurred over ~scale/25, sampled every scale/20) lives at half resolution.
  return [blur(halve(grey, halfScratch), Math.max(1, Math.round(scale / 50))), blur(grey, Math.max(1, Math.round(scale / 150)))];
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
  for (let round = 0; round < LK.refits && found.src.length >= 8; round++) {
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
    for (const [level, [r, c]] of pyramid.entries()) {
      // The coarse level is blurred over ~scale/25: sampling it more sparsely loses nothing.
      const coarse = pyramid.length > 1 && level === 0;
      fit = refineBlock(r, c, h, p, half, coarse ? step * LK.coarseStepFactor : step, d);
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

/**
 * How much one block's texture changed from `ref` to `cur`: the normalised
 * residual (0 same texture, ~1 unrelated) of the block centred at `p` after
 * the coarse level's search (translation, gain and bias from where `h` puts
 * it). The coarse level is blurred over ~scale/25, so a screen's moiré and
 * sensor noise are averaged out while a lip's changed shape is not. Null when
 * the block is flat, leaves the crop or does not lock on.
 */
export function blockResidual(ref: FacePyramid, cur: FacePyramid, h: Mat3, p: Point, scale: number): number | null {
  const step = Math.max(1, scale / 40) * LK.coarseStepFactor;
  return refineBlock(ref[0], cur[0], h, p, 0.25 * scale, step, [0, 0])?.err ?? null;
}
