// The texture search under the liveness cues (Lucas-Kanade on blocks of the
// face, src/liveness/block-flow.ts), on synthetic images with a known motion:
// it must find a sub-pixel shift the mesh did not predict, under a change of
// gain and bias, and report a small residual when the texture is the same.
import { describe, expect, it } from 'vitest';
import { blockFlow, facePyramid } from '../src/liveness/block-flow.js';
import { applyHomography, type Mat3 } from '../src/liveness/homography.js';
import type { GreyImage } from '../src/liveness/image.js';
import { FACE_OVAL, NOSE_TIP } from '../src/mesh/landmarks.js';
import { median } from '../src/math/stats.js';
import type { FaceFrame } from '../src/types.js';

const W = 400, H = 400, SCALE = 100;

/** Smooth, non-repeating texture: a few sinusoids of different directions and periods (16-90 px). */
const texture = (x: number, y: number): number =>
  128 + 40 * Math.sin(0.21 * x + 0.13 * y) + 30 * Math.sin(0.07 * x - 0.19 * y + 1) + 20 * Math.sin(0.31 * x + 0.27 * y + 2) + 15 * Math.sin(0.05 * x * 0.9 + 0.4);

/** The image of `texture` seen through `map` (frame pixel → texture coordinates), times gain plus bias. */
function render(map: (x: number, y: number) => [number, number], gain = 1, bias = 0): GreyImage {
  const data = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) { const [u, v] = map(x, y); data[y * W + x] = gain * texture(u, v) + bias; }
  return { width: W, height: H, ox: 0, oy: 0, data };
}

/** A mesh whose face oval is a 160 × 200 px ellipse around the centre (all that blockFlow reads of it). */
function frame(): FaceFrame {
  const mesh = Array.from({ length: 478 }, () => [W / 2, H / 2, 0] as [number, number, number]);
  FACE_OVAL.forEach((i, k) => {
    const a = (2 * Math.PI * k) / FACE_OVAL.length;
    mesh[i] = [W / 2 + 80 * Math.sin(a), H / 2 - 100 * Math.cos(a), 0];
  });
  mesh[NOSE_TIP] = [W / 2, H / 2, 0];
  return { t: 0, box: [120, 100, 160, 200], mesh, score: 1 };
}

const identity: Mat3 = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);

describe('blockFlow', () => {
  it('finds a sub-pixel shift the mesh homography missed, through a change of gain and bias', () => {
    const [dx, dy] = [3.3, -2.7];
    const ref = facePyramid(render((x, y) => [x, y]), SCALE);
    // The texture moved by (dx, dy): the current frame at p + d shows what the reference showed at p.
    const cur = facePyramid(render((x, y) => [x - dx, y - dy], 1.2, 10), SCALE);
    const c = blockFlow(ref, cur, frame(), identity, SCALE);
    expect(c.src.length).toBeGreaterThanOrEqual(10);
    const ex = c.src.map((p, k) => c.dst[k]![0] - p[0] - dx), ey = c.src.map((p, k) => c.dst[k]![1] - p[1] - dy);
    expect(Math.abs(median(ex))).toBeLessThan(0.05);
    expect(Math.abs(median(ey))).toBeLessThan(0.05);
    expect(Math.max(...ex.map(Math.abs), ...ey.map(Math.abs))).toBeLessThan(0.3);
    expect(median(c.err)).toBeLessThan(0.05);
    expect(median(c.sigma)).toBeLessThan(0.1);
  });

  it('follows a zoom and shift (a plane moving) from a mesh guess that is a few pixels off', () => {
    const s = 1.04, t: [number, number] = [-6, 4];
    const truth = (p: readonly [number, number]): [number, number] => [W / 2 + s * (p[0] - W / 2) + t[0], H / 2 + s * (p[1] - H / 2) + t[1]];
    const ref = facePyramid(render((x, y) => [x, y]), SCALE);
    const cur = facePyramid(render((x, y) => [W / 2 + (x - t[0] - W / 2) / s, H / 2 + (y - t[1] - H / 2) / s]), SCALE);
    // The mesh's guess: the right zoom, the shift 2.5 px off.
    const guess: Mat3 = Float64Array.from([s, 0, W / 2 - s * W / 2 + t[0] + 2.5, 0, s, H / 2 - s * H / 2 + t[1] - 1.5, 0, 0, 1]);
    const c = blockFlow(ref, cur, frame(), guess, SCALE);
    expect(c.src.length).toBeGreaterThanOrEqual(10);
    const errors = c.src.map((p, k) => Math.hypot(c.dst[k]![0] - truth(p)[0], c.dst[k]![1] - truth(p)[1]));
    expect(median(errors)).toBeLessThan(0.1);
    // Where the guess alone put them: 2.9 px off.
    expect(Math.hypot(...(applyHomography(guess, c.src[0]!).map((v, i) => v - truth(c.src[0]!)[i]!) as [number, number]))).toBeGreaterThan(2.5);
  });

  it('reports how much of the texture changed: the normalised residual of a half-changed texture', () => {
    // cur = texture + 0.5 · an unrelated texture of similar contrast: correlation about 0.9 per block,
    // so the residual of the normalised patches is about √(2 − 2·0.9) ≈ 0.45.
    const other = (x: number, y: number): number => 40 * Math.sin(0.17 * x - 0.23 * y + 0.5) + 30 * Math.sin(0.29 * x + 0.06 * y + 1.5);
    const ref = facePyramid(render((x, y) => [x, y]), SCALE);
    const base = render((x, y) => [x, y]);
    const mixed: GreyImage = { ...base, data: base.data.map((v, i) => v + 0.5 * other(i % W, Math.floor(i / W))) };
    const c = blockFlow(ref, facePyramid(mixed, SCALE), frame(), identity, SCALE);
    expect(c.src.length).toBeGreaterThanOrEqual(5);
    expect(median(c.err)).toBeGreaterThan(0.3);
    expect(median(c.err)).toBeLessThan(0.5);
  });

  it('drops blocks whose texture is not in the current frame (a different picture)', () => {
    const ref = facePyramid(render((x, y) => [x, y]), SCALE);
    const other = facePyramid(render((x, y) => [y * 1.7 + 50, -x * 0.8 + 300]), SCALE);
    const c = blockFlow(ref, other, frame(), identity, SCALE);
    const same = blockFlow(ref, ref, frame(), identity, SCALE);
    expect(same.src.length).toBeGreaterThanOrEqual(10);
    expect(c.src.length).toBeLessThan(same.src.length / 2);
  });
});

describe('facePyramid', () => {
  it('builds each frame its own levels: reusing the grey and blur buffers for the next frame leaves earlier pyramids intact', () => {
    const a = render((x, y) => [x, y]);
    const b = render((x, y) => [x + 7, y - 3], 0.8, 20);
    const pa = facePyramid(a, SCALE);
    const before = pa.map((level) => level.data.slice());
    // The same input buffer refilled with another frame, as the liveness pass does with its grey crop.
    const shared = { ...a, data: a.data };
    shared.data.set(b.data);
    const pb = facePyramid(shared, SCALE);
    pa.forEach((level, k) => expect(level.data).toEqual(before[k]));
    expect(pb[1].data).not.toEqual(pa[1].data);
    for (const level of [...pa, ...pb]) expect(level.data.buffer).not.toBe(a.data.buffer);
  });
});
