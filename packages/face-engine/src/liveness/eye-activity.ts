// The eyes changing against the rigid face, on every frame of the clip. A
// blink lasts a tenth to a third of a second and a glance less: between the
// sampled frames (a quarter of a second apart) most of them fall through,
// so whether a clip showed one was luck of the sampling. Here every decoded
// frame of the eye region (decode/region.ts) is compared with the frame a
// tenth of a second earlier. Four rigid patches (both brows, the nose
// bridge and tip) are found by Lucas-Kanade from where the mesh, followed
// in time, puts them; the similarity they moved by starts each eye's own
// search, and what is left of the eye's texture after that search (gain,
// bias and position fitted) is how much the eye changed. It counts only
// beyond twice the rigid patches' own left-over change: sensor noise,
// compression, a screen's moiré and a glare sweeping the upper face change
// the brows and the nose too, a lid or an iris does not.
import type { RegionFrames } from '../decode/region.js';
import type { FaceFrame, FaceTrack } from '../types.js';
import { facePyramid, LK, refineBlock, type FacePyramid } from './block-flow.js';
import { applyHomography, type Mat3, type Point } from './homography.js';
import { faceScale, LEFT_EYE, RIGHT_EYE } from '../mesh/landmarks.js';
import { median } from '../math/stats.js';

/** Mesh points whose mean is each patch's centre: the eyes, then the rigid patches (brows, nose bridge, nose tip). */
const EYES = [RIGHT_EYE, LEFT_EYE] as const;
/**
 * The brow patches sit on the brow's upper line and the skin above it (centre about a third of the face scale above
 * the eye): centred on the brow alone, a patch reached down to the lid's crease, which moves in a blink, so a blink
 * changed the "rigid" face as much as the eye and did not count.
 */
const RIGID = [[70, 63, 105, 66, 107, 104, 69, 108], [300, 293, 334, 296, 336, 333, 299, 337], [168, 6, 197], [1, 2]] as const;
/** Patch half-size over the face scale (outer-eye-corner distance): about the eye's height, 80% of its width. */
const HALF = 0.13;
/** Each frame is compared with the latest one at least this much earlier (s): a blink closes in about this long. */
const LAG_SEC = 0.1;

export interface EyeComparison {
  /** Time of the later frame (s). */
  t: number;
  /** Change of each eye's texture (normalised Lucas-Kanade residual: 0 same, ~1 unrelated). */
  right: number;
  left: number;
  /** The largest residual of the four rigid patches after their own search: how much the rigid face's texture changed. */
  rigid: number;
}

/**
 * Faces are read at a resolution that puts about this many pixels between the outer eye corners: a larger
 * face is read smaller (a blink or a glance is as visible, the work is a fraction), a smaller one as it is.
 */
const WORKING_SCALE = 64;

/** What to read for the eye cue: the region (sampled-frame coordinates) and the resolution; null without a usable face. */
export function eyeRegionOf(track: FaceTrack): { region: [number, number, number, number]; resolution: number } | null {
  if (track.frames.length < 2) return null;
  const scale = median(track.frames.map(faceScale));
  if (!(scale > 0)) return null;
  return { region: eyeRegion(track, scale), resolution: Math.min(1, WORKING_SCALE / scale) };
}

/** The region the eye pass reads: every track frame's eyes, brows and nose, with room for the search and the blur. */
export function eyeRegion(track: FaceTrack, scale: number): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const f of track.frames) {
    for (const idx of [...EYES, ...RIGID]) {
      for (const i of idx) {
        const p = f.mesh[i]!;
        x0 = Math.min(x0, p[0]); y0 = Math.min(y0, p[1]); x1 = Math.max(x1, p[0]); y1 = Math.max(y1, p[1]);
      }
    }
  }
  const m = (HALF + 0.15) * scale + 2 * Math.max(1, Math.round(scale / 25)) + 2;
  return [x0 - m, y0 - m, x1 - x0 + 2 * m, y1 - y0 + 2 * m];
}

const centre = (f: FaceFrame, idx: readonly number[]): Point => {
  let x = 0, y = 0;
  for (const i of idx) { x += f.mesh[i]![0]; y += f.mesh[i]![1]; }
  return [x / idx.length, y / idx.length];
};

/** Patch centres at time t, linear between the track frames around it (held at the ends). */
function centresAt(faces: readonly FaceFrame[], t: number): Point[] {
  let k = 0;
  while (k + 1 < faces.length && faces[k + 1]!.t <= t) k++;
  const a = faces[k]!, b = faces[Math.min(k + 1, faces.length - 1)]!;
  const u = b.t > a.t ? Math.max(0, Math.min(1, (t - a.t) / (b.t - a.t))) : 0;
  return [...EYES, ...RIGID].map((idx) => {
    const p = centre(a, idx), q = centre(b, idx);
    return [p[0] + u * (q[0] - p[0]), p[1] + u * (q[1] - p[1])] as Point;
  });
}

/** Least-squares similarity (rotation, scale, shift) taking src to dst, as a homography, with its RMS misfit. */
export function fitSimilarity(src: readonly Point[], dst: readonly Point[]): { h: Mat3; misfit: number } {
  const n = src.length;
  let sx = 0, sy = 0, dx = 0, dy = 0;
  for (let k = 0; k < n; k++) { sx += src[k]![0]; sy += src[k]![1]; dx += dst[k]![0]; dy += dst[k]![1]; }
  sx /= n; sy /= n; dx /= n; dy /= n;
  let num1 = 0, num2 = 0, den = 0;
  for (let k = 0; k < n; k++) {
    const px = src[k]![0] - sx, py = src[k]![1] - sy, qx = dst[k]![0] - dx, qy = dst[k]![1] - dy;
    num1 += px * qx + py * qy; num2 += px * qy - py * qx; den += px * px + py * py;
  }
  const a = den > 0 ? num1 / den : 1, b = den > 0 ? num2 / den : 0;
  const h = Float64Array.from([a, -b, dx - a * sx + b * sy, b, a, dy - b * sx - a * sy, 0, 0, 1]);
  let e = 0;
  for (let k = 0; k < n; k++) {
    const q = applyHomography(h, src[k]!);
    e += (q[0] - dst[k]![0]) ** 2 + (q[1] - dst[k]![1]) ** 2;
  }
  return { h, misfit: Math.sqrt(e / n) };
}

const shift = (p: Point, q: Point): Mat3 => Float64Array.from([1, 0, q[0] - p[0], 0, 1, q[1] - p[1], 0, 0, 1]);

/** Coarse then fine search of one patch of `ref` in `cur` from where `h` puts it; null when it does not lock on. */
function search(ref: FacePyramid, cur: FacePyramid, h: Mat3, p: Point, half: number, step: number): { err: number; at: Point } | null {
  const d: [number, number] = [0, 0];
  const coarse = refineBlock(ref[0], cur[0], h, p, half, step * LK.coarseStepFactor, d);
  const fine = coarse && refineBlock(ref[1], cur[1], h, p, half, step, d);
  if (!fine || fine.err > 0.5) return fine ? { err: fine.err, at: [NaN, NaN] } : null;
  const q = applyHomography(h, p);
  return { err: fine.err, at: [q[0] + d[0], q[1] + d[1]] };
}

/**
 * Every frame of `region` compared with the latest one LAG_SEC or more before it (at least the previous frame).
 * A comparison is kept when the four rigid patches lock on and move together (similarity misfit under 3% of the
 * face scale) and both eyes lock on; otherwise the face moved too fast or too far to tell, and it is left out.
 */
export function compareEyes(track: FaceTrack, region: RegionFrames, scale: number, lagSec = LAG_SEC): EyeComparison[] {
  const faces = track.frames;
  if (faces.length < 2 || region.frames.length < 2 || scale <= 0) return [];
  const half = HALF * scale, step = Math.max(region.px, scale / 40);
  const pyramids = new Map<number, FacePyramid>();
  const pyramid = (k: number): FacePyramid => {
    let p = pyramids.get(k);
    if (!p) {
      const f = region.frames[k]!;
      p = facePyramid({ width: region.width, height: region.height, ox: region.ox, oy: region.oy, px: region.px, data: Float32Array.from(f.grey) }, scale / region.px);
      pyramids.set(k, p);
    }
    return p;
  };
  const out: EyeComparison[] = [];
  let lag = 0;
  for (let k = 1; k < region.frames.length; k++) {
    const t = region.frames[k]!.t;
    while (lag + 1 < k && region.frames[lag + 1]!.t <= t - lagSec + 1e-3) lag++;
    for (const old of pyramids.keys()) if (old < lag) pyramids.delete(old);
    const ref = pyramid(lag), cur = pyramid(k);
    const from = centresAt(faces, region.frames[lag]!.t), to = centresAt(faces, t);
    const rigid = RIGID.map((_, r) => search(ref, cur, shift(from[EYES.length + r]!, to[EYES.length + r]!), from[EYES.length + r]!, half, step));
    if (rigid.some((r) => r === null || Number.isNaN(r.at[0]))) continue;
    const sim = fitSimilarity(from.slice(EYES.length), rigid.map((r) => r!.at));
    if (sim.misfit > 0.03 * scale) continue;
    const [right, left] = EYES.map((_, e) => search(ref, cur, sim.h, from[e]!, half, step)?.err ?? null);
    if (right == null || left == null) continue;
    out.push({ t, right, left, rigid: Math.max(...rigid.map((r) => r!.err)) });
  }
  return out;
}

/** An eye's change counts beyond this many times the rigid face's (see eyeActivity). */
export const RIGID_FACTOR = 2;

export interface EyeActivity {
  /** Frame comparisons made (rigid patches and eyes locked on). */
  compared: number;
  /**
   * Second highest over the comparisons of (the smaller of the two eyes' change − RIGID_FACTOR × the rigid face's):
   * both eyes changed, well beyond the rest of the face, in at least two comparisons.
   */
  held: number;
  /** Time of the highest (s), null when nothing was compared. */
  at: number | null;
}

/** The clip's eye activity from its comparisons. */
export function eyeActivity(comparisons: readonly EyeComparison[]): EyeActivity {
  const values = comparisons.map((c) => ({ v: Math.min(c.right, c.left) - RIGID_FACTOR * c.rigid, t: c.t })).sort((a, b) => b.v - a.v);
  return { compared: values.length, held: values.length >= 2 ? values[1]!.v : 0, at: values[0]?.t ?? null };
}
