// The geometry under the liveness cues, on synthetic point sets: a flat set
// moved by any homography is explained exactly; a 3-D set that rotates is not.
import { describe, expect, it } from 'vitest';
import { applyHomography, fitHomography, transferErrors, type Point } from '../src/liveness/homography.js';
import { eyeAspectRatio, RIGHT_EYE } from '../src/mesh/landmarks.js';
import { fitPlaneParallax } from '../src/liveness/plane-parallax.js';
import { toGrey } from '../src/liveness/image.js';
import { rms } from '../src/math/stats.js';
import type { FaceFrame } from '../src/types.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

/** A face-sized cloud: 478 points on a 200-px wide ellipsoid cap (z up to 80 px, like a nose and cheeks). */
function faceCloud(r: () => number): Array<[number, number, number]> {
  return Array.from({ length: 478 }, () => {
    const x = (r() - 0.5) * 200, y = (r() - 0.5) * 260;
    const z = 80 * Math.max(0, 1 - (x / 100) ** 2 - (y / 130) ** 2);
    return [x, y, z];
  });
}

function project(pts: Array<[number, number, number]>, yaw: number, pitch: number, f = 600, dist = 700): Point[] {
  return pts.map(([x, y, z]) => {
    const x1 = x * Math.cos(yaw) + z * Math.sin(yaw), z1 = -x * Math.sin(yaw) + z * Math.cos(yaw);
    const y2 = y * Math.cos(pitch) - z1 * Math.sin(pitch), z2 = y * Math.sin(pitch) + z1 * Math.cos(pitch);
    return [320 + (f * x1) / (dist - z2), 240 + (f * y2) / (dist - z2)];
  });
}

describe('fitHomography', () => {
  it('explains a flat point set under random homographies to a tiny fraction of the face size', () => {
    const r = rng(7);
    const flat: Point[] = Array.from({ length: 478 }, () => [100 + r() * 200, 80 + r() * 260]);
    for (let trial = 0; trial < 20; trial++) {
      const h = Float64Array.from([
        0.6 + r() * 0.8, (r() - 0.5) * 0.6, (r() - 0.5) * 300,
        (r() - 0.5) * 0.6, 0.6 + r() * 0.8, (r() - 0.5) * 300,
        (r() - 0.5) * 1.5e-3, (r() - 0.5) * 1.5e-3, 1,
      ]);
      const moved = flat.map((p) => applyHomography(h, p));
      const fit = fitHomography(flat, moved);
      expect(rms(transferErrors(fit, flat, moved)) / 200).toBeLessThan(1e-6);
    }
  });

  it('stays exact far from the origin (the normalisation conditions the fit)', () => {
    const r = rng(11);
    const flat: Point[] = Array.from({ length: 100 }, () => [1e4 + r() * 150, 2e4 + r() * 150]);
    const moved = flat.map(([x, y]) => [0.9 * x + 0.1 * y + 40, -0.1 * x + 0.95 * y - 25] as Point);
    expect(rms(transferErrors(fitHomography(flat, moved), flat, moved))).toBeLessThan(1e-4);
  });

  it('leaves a clear residual when a 3-D face-like set turns by 10 degrees', () => {
    const cloud = faceCloud(rng(3));
    const a = project(cloud, 0, 0), b = project(cloud, (10 * Math.PI) / 180, (4 * Math.PI) / 180);
    const residual = rms(transferErrors(fitHomography(a, b), a, b));
    expect(residual / 200).toBeGreaterThan(0.01);
  });

  it('explains the same 3-D set flattened (a photo of it) turning by the same angle', () => {
    const flat = faceCloud(rng(3)).map(([x, y]) => [x, y, 0] as [number, number, number]);
    const a = project(flat, 0, 0), b = project(flat, (10 * Math.PI) / 180, (4 * Math.PI) / 180);
    expect(rms(transferErrors(fitHomography(a, b), a, b)) / 200).toBeLessThan(1e-6);
  });

  it('refuses fewer than four points', () => {
    expect(() => fitHomography([[0, 0], [1, 0], [0, 1]], [[0, 0], [1, 0], [0, 1]])).toThrow(/at least 4/);
  });
});

describe('eyeAspectRatio', () => {
  const frameWithEye = (open: number): FaceFrame => {
    const mesh: Array<[number, number, number]> = Array.from({ length: 478 }, () => [0, 0, 0]);
    const [p1, p2, p3, p4, p5, p6] = RIGHT_EYE;
    mesh[p1] = [0, 0, 0]; mesh[p4] = [30, 0, 0];
    mesh[p2] = [10, -open / 2, 0]; mesh[p3] = [20, -open / 2, 0];
    mesh[p6] = [10, open / 2, 0]; mesh[p5] = [20, open / 2, 0];
    return { t: 0, box: [0, 0, 30, 30], mesh, score: 1 };
  };
  it('is lid opening over eye width', () => {
    expect(eyeAspectRatio(frameWithEye(9), RIGHT_EYE)).toBeCloseTo(0.3, 6);
    expect(eyeAspectRatio(frameWithEye(1.5), RIGHT_EYE)).toBeCloseTo(0.05, 6);
  });
});

describe('fitPlaneParallax', () => {
  const cloud = faceCloud(rng(5)).slice(0, 40);
  const depthOf = (pts: Array<[number, number, number]>): Float64Array => {
    const mean = pts.reduce((s, p) => s + p[2], 0) / pts.length;
    return Float64Array.from(pts, (p) => p[2] - mean);
  };
  it('explains a rigid 3-D turn by depth along one direction', () => {
    const a = project(cloud, 0, 0), b = project(cloud, (6 * Math.PI) / 180, 0);
    const fit = fitPlaneParallax(a, b, depthOf(cloud));
    expect(fit.planar).toBeGreaterThan(0.5);
    expect(fit.parallax / fit.remaining).toBeGreaterThan(2);
  });
  it('finds no depth-aligned motion in a flat set with tracking noise', () => {
    const r = rng(9);
    const a = project(cloud.map(([x, y]) => [x, y, 0] as [number, number, number]), 0, 0);
    const b = a.map(([x, y]) => [x + 3 + (r() - 0.5) * 1.5, y - 2 + (r() - 0.5) * 1.5] as Point);
    const fit = fitPlaneParallax(a, b, depthOf(cloud));
    expect(fit.parallax / fit.remaining).toBeLessThan(0.6);
  });
  it('does not mistake a bending sheet (motion changing direction across it) for parallax', () => {
    const a = project(cloud.map(([x, y]) => [x, y, 0] as [number, number, number]), 0, 0);
    // Columns squeeze towards the middle, as when a print bows: x shifts by an odd function of x.
    const b = a.map(([x, y]) => [x - 6 * Math.sin(((x - 320) / 100) * Math.PI), y] as Point);
    const fit = fitPlaneParallax(a, b, depthOf(cloud));
    expect(fit.parallax / fit.remaining).toBeLessThan(0.6);
  });
});

describe('toGrey', () => {
  it('writes a crop into a caller-owned buffer with the same pixels as a fresh one', () => {
    const rgb = Uint8Array.from({ length: 20 * 10 * 3 }, (_, i) => (i * 37) % 256);
    const rect: [number, number, number, number] = [3.4, 2.2, 9, 5];
    const fresh = toGrey(rgb, 20, 10, rect);
    const buffer = new Float32Array(200).fill(-1);
    const reused = toGrey(rgb, 20, 10, rect, buffer);
    expect([reused.width, reused.height, reused.ox, reused.oy]).toEqual([fresh.width, fresh.height, fresh.ox, fresh.oy]);
    expect(reused.data.buffer).toBe(buffer.buffer);
    expect(Array.from(reused.data)).toEqual(Array.from(fresh.data));
    // Too small a buffer is not written past: a new array is made.
    const small = new Float32Array(4);
    expect(toGrey(rgb, 20, 10, rect, small).data.buffer).not.toBe(small.buffer);
  });
});
