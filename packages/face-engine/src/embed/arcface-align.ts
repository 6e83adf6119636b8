// The 5-point face alignment the ArcFace family of models is trained on
// (insightface's `norm_crop`): eye centres, nose tip and mouth corners mapped
// by a least-squares similarity onto fixed positions in a 112×112 square.
// faceres and MobileFace take this crop (faceres at 224 px with a margin).
import { similarityFromTo, type Pt } from './similarity.js';
import { warp, type RgbImage } from './warp.js';

/** insightface's arcface_dst: image-left eye, image-right eye, nose tip, mouth left, mouth right (112-px square). */
const ARCFACE_POINTS: ReadonlyArray<Pt> = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

const mean = (pts: Pt[]): Pt => ({ x: pts.reduce((s, p) => s + p.x, 0) / pts.length, y: pts.reduce((s, p) => s + p.y, 0) / pts.length });

/** The five alignment points from face-api's 68 landmarks (iBUG order). */
export function fivePoints(landmarks68: Pt[]): Pt[] {
  const at = (i: number): Pt => landmarks68[i] ?? { x: 0, y: 0 };
  return [mean(landmarks68.slice(36, 42)), mean(landmarks68.slice(42, 48)), at(30), at(48), at(54)];
}

/**
 * A `size`-px square crop with the ArcFace template scaled into it; `margin`
 * adds that fraction of the template's side around it on every edge (0 is
 * insightface's own crop).
 */
export function arcfaceCrop(frame: RgbImage, landmarks68: Pt[], size: number, margin = 0): RgbImage {
  const scale = size / 112 / (1 + 2 * margin);
  const offset = (size * margin) / (1 + 2 * margin);
  const to = ARCFACE_POINTS.map((p) => ({ x: p.x * scale + offset, y: p.y * scale + offset }));
  return warp(frame, similarityFromTo(to, fivePoints(landmarks68)), size, size);
}
