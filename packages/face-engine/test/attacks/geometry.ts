// Camera and print geometry for the replay recipes: a printed photo is a
// sheet in front of a pinhole camera; its pose (and, for flexing prints, its
// bend) changes over time, and each output pixel looks up the sheet point it
// sees. All maths in pixels of the 640x480 output frame.
export const FRAME_W = 640;
export const FRAME_H = 480;
/** Focal length in pixels: about a 60° horizontal field of view, like a phone's front camera. */
export const FOCAL = 550;

export type Mat3 = [number, number, number, number, number, number, number, number, number];

export interface PlanePose {
  /** Rotations in radians: about the vertical axis, the horizontal axis, the optical axis. */
  yaw: number;
  pitch: number;
  roll: number;
  /** Sheet centre offset in pixels at the rest distance, and distance as a multiple of FOCAL. */
  tx: number;
  ty: number;
  distance: number;
}

export const REST: PlanePose = { yaw: 0, pitch: 0, roll: 0, tx: 0, ty: 0, distance: 1 };

function rotation(yaw: number, pitch: number, roll: number): Mat3 {
  const [cy, sy, cp, sp, cr, sr] = [Math.cos(yaw), Math.sin(yaw), Math.cos(pitch), Math.sin(pitch), Math.cos(roll), Math.sin(roll)];
  // R = Rz(roll) · Rx(pitch) · Ry(yaw)
  const ry: Mat3 = [cy, 0, sy, 0, 1, 0, -sy, 0, cy];
  const rx: Mat3 = [1, 0, 0, 0, cp, -sp, 0, sp, cp];
  const rz: Mat3 = [cr, -sr, 0, sr, cr, 0, 0, 0, 1];
  return mul(rz, mul(rx, ry));
}

export function mul(a: Mat3, b: Mat3): Mat3 {
  const r = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) r[i * 3 + j]! += a[i * 3 + k]! * b[k * 3 + j]!;
  return r as Mat3;
}

export function invert(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det,
    C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}

/** Homography from sheet coordinates (origin at the sheet centre) to output pixels. */
export function sheetToImage(pose: PlanePose): Mat3 {
  const r = rotation(pose.yaw, pose.pitch, pose.roll);
  const z = FOCAL * pose.distance;
  const t = [pose.tx * pose.distance, pose.ty * pose.distance, z];
  // K · [r1 r2 t] with K = [[f,0,cx],[0,f,cy],[0,0,1]]
  const cols: Mat3 = [r[0], r[1], t[0]!, r[3], r[4], t[1]!, r[6], r[7], t[2]!];
  const k: Mat3 = [FOCAL, 0, FRAME_W / 2, 0, FOCAL, FRAME_H / 2, 0, 0, 1];
  return mul(k, cols);
}
