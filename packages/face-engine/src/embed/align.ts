// Geometry around the face: the eye-level chip that face-api's 68-point
// landmark net runs on (rotated so the eyes are level, scaled by the
// eye-to-mouth distance, which yaw barely changes), and the square portrait
// shown to reviewers. The descriptor's own input is dlib's chip (dlib-chip.ts).
import type { FaceFrame } from '../types.js';
import { squareAround, warp, type RgbImage, type Similarity } from './warp.js';

export const CHIP_SIZE = 160;
// Side of the chip in eye-to-mouth distances: about a face detector's box,
// which is what face-api's landmark net was trained on. Looser chips cost
// landmark precision: on faces/people, sides of 3.0 / 2.7 / 2.4 / 2.2 left
// 4 / 4 / 4 / 3 genuine pairs farther apart than the closest impostor pair.
const CHIP_SCALE = 2.2;
const CROP_SIZE = 150;

type Pt = { x: number; y: number };
const at = (face: FaceFrame, i: number): Pt => {
  const p = face.mesh[i];
  return { x: p?.[0] ?? 0, y: p?.[1] ?? 0 };
};
const mid = (...pts: Pt[]): Pt => ({ x: pts.reduce((s, p) => s + p.x, 0) / pts.length, y: pts.reduce((s, p) => s + p.y, 0) / pts.length });

export interface Chip {
  image: RgbImage;
  /** Chip pixel -> source pixel. */
  toSource: Similarity;
  /** Rotation applied (radians) and source pixels per chip pixel. */
  angle: number;
  scale: number;
}

export function eyeLevelChip(frame: RgbImage, face: FaceFrame): Chip {
  let a = mid(at(face, 33), at(face, 133));
  let b = mid(at(face, 362), at(face, 263));
  if (a.x > b.x) [a, b] = [b, a];
  const eyes = mid(a, b);
  const mouth = mid(at(face, 61), at(face, 291), at(face, 13), at(face, 14));
  const d = Math.max(4, Math.hypot(mouth.x - eyes.x, mouth.y - eyes.y));
  const angle = Math.atan2(b.y - a.y, b.x - a.x);
  const side = CHIP_SCALE * d;
  const center = mid(eyes, mouth);
  const toSource = squareAround(center.x, center.y, side, side, angle, CHIP_SIZE, CHIP_SIZE);
  return { image: warp(frame, toSource, CHIP_SIZE, CHIP_SIZE), toSource, angle, scale: side / CHIP_SIZE };
}

/** face-api's alignMinBbox(0.2): landmark bounding box grown by 20% of its size. */
export function paddedBox(points: Pt[], padding = 0.2): { x: number; y: number; w: number; h: number } {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  const w = Math.max(...xs) - x;
  const h = Math.max(...ys) - y;
  return { x: x - (w * padding) / 2, y: y - (h * padding) / 2, w: w * (1 + padding), h: h * (1 + padding) };
}

/** A box given in chip pixels, re-sampled from the source frame (not the chip) with the chip's rotation. */
export function descriptorCrop(frame: RgbImage, chip: Chip, box: { x: number; y: number; w: number; h: number }, size = CROP_SIZE): RgbImage {
  const m = chip.toSource;
  const cu = box.x + box.w / 2;
  const cv = box.y + box.h / 2;
  const cx = m.ox + cu * m.ux + cv * m.vx;
  const cy = m.oy + cu * m.uy + cv * m.vy;
  const long = Math.max(box.w, box.h);
  const outW = Math.max(8, Math.round((size * box.w) / long));
  const outH = Math.max(8, Math.round((size * box.h) / long));
  const sim = squareAround(cx, cy, box.w * chip.scale, box.h * chip.scale, chip.angle, outW, outH);
  return warp(frame, sim, outW, outH);
}

/** A square, eye-level portrait around the landmark box (for the report's cropped face). */
export function portraitCrop(frame: RgbImage, chip: Chip, box: { x: number; y: number; w: number; h: number }, size = 224): RgbImage {
  const side = Math.max(box.w, box.h) * 1.25;
  return descriptorCrop(frame, chip, { x: box.x + box.w / 2 - side / 2, y: box.y + box.h / 2 - side / 2, w: side, h: side }, size);
}
