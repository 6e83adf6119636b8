// Renders a printed (or displayed) photo filmed by a camera: for every output
// pixel, find the point of the sheet it sees, sample the photo there
// (bilinear), and pipe the raw RGB frames into ffmpeg (H.264 mp4, 30 fps).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { FOCAL, FRAME_H, FRAME_W, invert, sheetToImage, type PlanePose } from './geometry.js';
import type { Rng } from './random.js';

const require = createRequire(import.meta.url);

export function ffmpegBinary(): string {
  return process.env.FFMPEG_PATH ?? (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

/** The photo as printed: RGB pixels with a white paper margin, centred on the sheet origin. */
export interface Sheet {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** Longest side of the printed photo in output pixels at rest (a print held at arm's length fills most of the frame). */
const PRINT_SIDE = 330;
const MARGIN = 14;

export async function loadSheet(photo: string): Promise<Sheet> {
  // Small crops (the 150-px TV faces) are upscaled, as a small printed photo filmed close up would be.
  const img = sharp(photo).removeAlpha().toColourspace('srgb').resize(PRINT_SIDE, PRINT_SIDE, { fit: 'inside', kernel: 'lanczos3' });
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  const width = info.width + 2 * MARGIN;
  const height = info.height + 2 * MARGIN;
  const rgb = new Uint8Array(width * height * 3).fill(244);
  const ch = info.channels;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const s = (y * info.width + x) * ch;
      const d = ((y + MARGIN) * width + x + MARGIN) * 3;
      rgb[d] = data[s]!;
      rgb[d + 1] = data[ch >= 3 ? s + 1 : s]!;
      rgb[d + 2] = data[ch >= 3 ? s + 2 : s]!;
    }
  }
  return { width, height, rgb };
}

/** What the camera sees at one instant. */
export interface FrameSpec {
  pose: PlanePose;
  /** Depth offset (pixels, + away from the camera) of the sheet column at horizontal sheet coordinate u: a bent print. Only with yaw = pitch = roll = 0. */
  bend?: (u: number) => number;
  /** Brightness factor of the sheet at (u, v): the screen's pixel grid (moiré) and backlight. */
  shade?: (u: number, v: number) => number;
}

export interface Scene {
  background: Uint8Array;
  frame(t: number): FrameSpec;
  /** Last touch on the finished RGB frame (sensor noise, glare). */
  finish?: (rgb: Uint8Array, t: number) => void;
}

/** A static, seeded background (a wall behind the hand holding the print). */
export function makeBackground(rng: Rng, base: [number, number, number]): Uint8Array {
  const bg = new Uint8Array(FRAME_W * FRAME_H * 3);
  for (let y = 0; y < FRAME_H; y++) {
    for (let x = 0; x < FRAME_W; x++) {
      const light = 0.8 + 0.3 * (1 - y / FRAME_H) + (rng() - 0.5) * 0.06;
      const i = (y * FRAME_W + x) * 3;
      for (let c = 0; c < 3; c++) bg[i + c] = Math.max(0, Math.min(255, base[c]! * light));
    }
  }
  return bg;
}

function sample(sheet: Sheet, u: number, v: number, out: Uint8Array, o: number, shade: number): boolean {
  const x = u + sheet.width / 2 - 0.5;
  const y = v + sheet.height / 2 - 0.5;
  if (x < 0 || y < 0 || x > sheet.width - 1 || y > sheet.height - 1) return false;
  const x0 = Math.floor(x), y0 = Math.floor(y);
  const x1 = Math.min(x0 + 1, sheet.width - 1), y1 = Math.min(y0 + 1, sheet.height - 1);
  const fx = x - x0, fy = y - y0;
  const w = sheet.width, p = sheet.rgb;
  for (let c = 0; c < 3; c++) {
    const a = p[(y0 * w + x0) * 3 + c]!, b = p[(y0 * w + x1) * 3 + c]!;
    const d = p[(y1 * w + x0) * 3 + c]!, e = p[(y1 * w + x1) * 3 + c]!;
    const val = (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
    out[o + c] = Math.max(0, Math.min(255, val * shade));
  }
  return true;
}

export function renderFrame(sheet: Sheet, scene: Scene, t: number): Uint8Array {
  const spec = scene.frame(t);
  const out = new Uint8Array(scene.background);
  const { pose } = spec;
  if (spec.bend) {
    // x depends only on u for a sheet bent about a vertical axis: tabulate x(u), invert per column.
    const n = sheet.width * 4;
    const us = new Float64Array(n), xs = new Float64Array(n), zs = new Float64Array(n);
    const z0 = FOCAL * pose.distance;
    for (let k = 0; k < n; k++) {
      const u = -sheet.width / 2 + (k / (n - 1)) * sheet.width;
      const z = z0 + spec.bend(u);
      us[k] = u;
      zs[k] = z;
      xs[k] = FRAME_W / 2 + (FOCAL * (u + pose.tx * pose.distance)) / z;
    }
    for (let x = 0; x < FRAME_W; x++) {
      const px = x + 0.5;
      let k = -1;
      for (let j = 0; j < n - 1; j++) if ((xs[j]! - px) * (xs[j + 1]! - px) <= 0) { k = j; break; }
      if (k < 0) continue;
      const f = xs[k + 1] === xs[k] ? 0 : (px - xs[k]!) / (xs[k + 1]! - xs[k]!);
      const u = us[k]! + f * (us[k + 1]! - us[k]!);
      const z = zs[k]! + f * (zs[k + 1]! - zs[k]!);
      for (let y = 0; y < FRAME_H; y++) {
        const v = ((y + 0.5 - FRAME_H / 2) * z) / FOCAL - pose.ty * pose.distance;
        sample(sheet, u, v, out, (y * FRAME_W + x) * 3, spec.shade ? spec.shade(u, v) : 1);
      }
    }
  } else {
    const h = invert(sheetToImage(pose));
    for (let y = 0; y < FRAME_H; y++) {
      for (let x = 0; x < FRAME_W; x++) {
        const px = x + 0.5, py = y + 0.5;
        const w = h[6] * px + h[7] * py + h[8];
        const u = (h[0] * px + h[1] * py + h[2]) / w;
        const v = (h[3] * px + h[4] * py + h[5]) / w;
        sample(sheet, u, v, out, (y * FRAME_W + x) * 3, spec.shade ? spec.shade(u, v) : 1);
      }
    }
  }
  scene.finish?.(out, t);
  return out;
}

/** Encode `seconds` of the scene at 30 fps into an H.264 mp4 at `outFile`. */
export async function encodeScene(sheet: Sheet, scene: Scene, outFile: string, seconds: number, fps = 30): Promise<void> {
  const child = spawn(ffmpegBinary(), ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24',
    '-s', `${FRAME_W}x${FRAME_H}`, '-r', String(fps), '-i', 'pipe:0', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23',
    '-pix_fmt', 'yuv420p', '-movflags', '+faststart', outFile], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed (${code}): ${stderr.slice(-500)}`))));
  });
  const total = Math.round(seconds * fps);
  for (let i = 0; i < total; i++) {
    const frame = renderFrame(sheet, scene, i / fps);
    if (!child.stdin.write(frame)) await new Promise<void>((r) => child.stdin.once('drain', () => r()));
  }
  child.stdin.end();
  await done;
}
