// Least-squares similarity transform between two point sets (Umeyama without
// reflection), shared by dlib's chip and the ArcFace crop.
import type { Similarity } from './warp.js';

export type Pt = { x: number; y: number };

/** The similarity taking output points `to` back to source points `from`: output pixel -> source pixel. */
export function similarityFromTo(to: ReadonlyArray<Pt>, from: ReadonlyArray<Pt>): Similarity {
  const n = Math.min(to.length, from.length);
  let tx = 0, ty = 0, fx = 0, fy = 0;
  for (let i = 0; i < n; i++) {
    tx += to[i]!.x; ty += to[i]!.y; fx += from[i]!.x; fy += from[i]!.y;
  }
  tx /= n; ty /= n; fx /= n; fy /= n;
  // Solve from = s R to + t with R a rotation: a = s cos, b = s sin.
  let num1 = 0, num2 = 0, den = 0;
  for (let i = 0; i < n; i++) {
    const ux = to[i]!.x - tx, uy = to[i]!.y - ty, vx = from[i]!.x - fx, vy = from[i]!.y - fy;
    num1 += ux * vx + uy * vy;
    num2 += ux * vy - uy * vx;
    den += ux * ux + uy * uy;
  }
  const a = num1 / den;
  const b = num2 / den;
  // source = [a -b; b a] * out + t
  return { ux: a, uy: b, vx: -b, vy: a, ox: fx - (a * tx - b * ty), oy: fy - (b * tx + a * ty) };
}
