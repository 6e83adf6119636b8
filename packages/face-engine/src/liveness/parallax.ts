// Non-planarity: how much of the face's motion between two frames no single
// homography explains. A photo, however it is moved, tilted or zoomed, is a
// plane: its image motion is exactly a homography. A real head that turns
// shows parallax (the nose moves against the cheeks) and expressions.
// Measured twice: on the 478 mesh points (the model's guess, which wobbles by
// a few % of the face when a photo moves, so it is only reported) and on
// tracked texture blocks (pixel-accurate, used for the score).
import type { FaceFrame, FaceTrack } from '../types.js';
import { blockFlow, MIN_BLOCKS } from './block-flow.js';
import { faceTexture, type FaceTexture } from './face-texture.js';
import { fitHomography, meshPoints, transferErrors, type Point } from './homography.js';
import { fitPlaneParallax, planeDepth, relativeDepth } from './plane-parallax.js';
import { median } from '../math/stats.js';

export interface PairParallax {
  /** Indices into track.frames. */
  i: number;
  j: number;
  /** RMS transfer error of the mesh points under their best homography, over the face scale. */
  meshResidual: number;
  /** Textured blocks tracked (null when no pixels were given). */
  blocks: number | null;
  /** Median transfer error of the tracked blocks under their best homography, over the face scale. */
  blockMedian: number | null;
  /** RMS block motion explained by the mesh depth along one direction (plane + parallax), over the face scale. */
  parallax: number | null;
  /** RMS block residual left after homography + parallax, over the face scale. */
  remaining: number | null;
  /**
   * Cosine between the texture's parallax direction and the one the mesh's
   * own 3-D shape gives for the same frame pair: a turning head moves its
   * nose the way its mesh says it turned; a bent or glaring picture's
   * left-over motion points anywhere (null when not measured).
   */
  agreement?: number | null;
}

/** Every 4th mesh vertex: enough to fit the mesh's plane + parallax, a quarter of the cost. */
const MESH_SUBSET = Array.from({ length: 120 }, (_, k) => 4 * k);

/** Direction (x, y) of the parallax the mesh's own depth predicts between two frames. */
function meshParallaxDirection(a: FaceFrame, b: FaceFrame): [number, number] {
  // A mesh without iris points has 468 vertices, not 478.
  const subset = MESH_SUBSET.filter((k) => k < Math.min(a.mesh.length, b.mesh.length));
  const src = subset.map((k) => [a.mesh[k]![0], a.mesh[k]![1]] as Point);
  const dst = subset.map((k) => [b.mesh[k]![0], b.mesh[k]![1]] as Point);
  return fitPlaneParallax(src, dst, planeDepth(src, subset.map((k) => a.mesh[k]![2]))).v;
}

/** Frame pairs 1, 2 and 3 samples apart: short gaps keep the tracking easy, longer ones let parallax build up. */
const GAPS = [1, 2, 3];

/** Frame pairs of the track with their mesh and texture non-planarity (texture measures need `texture`'s pyramids). */
export function measureParallax(track: FaceTrack, texture: FaceTexture = faceTexture(track)): PairParallax[] {
  const faces = track.frames;
  if (faces.length < 2) return [];
  const { scale, pyramids: pyr } = texture;
  const out: PairParallax[] = [];
  const points = faces.map(meshPoints); // each frame's 2-D mesh, shared by its pairs
  for (const gap of GAPS) {
    for (let i = 0; i + gap < faces.length; i++) {
      const j = i + gap;
      const a = points[i]!, b = points[j]!;
      const h = fitHomography(a, b);
      const meshResidual = Math.sqrt(transferErrors(h, a, b).reduce((s, e) => s + e * e, 0) / a.length) / scale;
      const pair: PairParallax = { i, j, meshResidual, blocks: null, blockMedian: null, parallax: null, remaining: null };
      const pa = pyr[i], pb = pyr[j];
      if (pa && pb) {
        const c = blockFlow(pa, pb, faces[i]!, h, scale);
        pair.blocks = c.src.length;
        if (c.src.length >= MIN_BLOCKS) {
          pair.blockMedian = median(transferErrors(fitHomography(c.src, c.dst), c.src, c.dst)) / scale;
          const fit = fitPlaneParallax(c.src, c.dst, relativeDepth(faces[i]!, c.src));
          pair.parallax = fit.parallax / scale;
          pair.remaining = fit.remaining / scale;
          const vm = meshParallaxDirection(faces[i]!, faces[j]!);
          const norm = Math.hypot(vm[0], vm[1]) * Math.hypot(fit.v[0], fit.v[1]);
          pair.agreement = norm > 0 ? (vm[0] * fit.v[0] + vm[1] * fit.v[1]) / norm : 0;
        }
      }
      out.push(pair);
    }
  }
  return out;
}
