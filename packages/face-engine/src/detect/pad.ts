// Tight portrait crops (the face fills the photo) defeat the face detector,
// which needs some context around the face. Still images are therefore
// detected on a copy with replicated borders, and coordinates shifted back.
import type { FaceFrame } from '../types.js';

export interface Padded {
  rgb: Uint8Array;
  width: number;
  height: number;
  pad: number;
}

export function padFrame(rgb: Uint8Array, width: number, height: number, pad: number): Padded {
  const W = width + 2 * pad;
  const H = height + 2 * pad;
  const out = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    const sy = Math.min(height - 1, Math.max(0, y - pad));
    for (let x = 0; x < W; x++) {
      const sx = Math.min(width - 1, Math.max(0, x - pad));
      const s = (sy * width + sx) * 3;
      const d = (y * W + x) * 3;
      out[d] = rgb[s] ?? 0;
      out[d + 1] = rgb[s + 1] ?? 0;
      out[d + 2] = rgb[s + 2] ?? 0;
    }
  }
  return { rgb: out, width: W, height: H, pad };
}

export function unpadFace(face: FaceFrame, pad: number): FaceFrame {
  const [x, y, w, h] = face.box;
  return {
    ...face,
    box: [x - pad, y - pad, w, h],
    mesh: face.mesh.map(([mx, my, mz]) => [mx - pad, my - pad, mz] as [number, number, number]),
  };
}
