// Test clips made at test time with the bundled ffmpeg (FFMPEG_PATH wins):
// segments of a real selfie clip, still-photo replays, broken and long files.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
export const ffmpegPath: string = process.env.FFMPEG_PATH ?? (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;

function ffmpeg(args: string[]): void {
  execFileSync(ffmpegPath, ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** `seconds` of `src` from `start`, re-encoded H.264 (a new clip of the same person). */
export function segment(src: string, start: number, seconds: number, out: string): string {
  ffmpeg(['-ss', String(start), '-t', String(seconds), '-i', src, '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', out]);
  return out;
}

/** A short, small clip of `src` (`size`x`size`, `fps`): cheap to analyse, for runs of hundreds of uploads. */
export function smallClip(src: string, start: number, seconds: number, size: number, fps: number, out: string): string {
  ffmpeg(['-ss', String(start), '-t', String(seconds), '-i', src, '-an', '-vf', `scale=${size}:${size},fps=${fps}`, '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', out]);
  return out;
}

/** One frame of a clip as a JPEG: a photo of that person. */
export function frameOf(src: string, at: number, out: string): string {
  ffmpeg(['-ss', String(at), '-i', src, '-frames:v', '1', '-q:v', '2', out]);
  return out;
}

/** A still photo replayed as a video: `ffmpeg -loop 1` for `seconds`. */
export function stillReplay(photo: string, seconds: number, out: string): string {
  ffmpeg(['-loop', '1', '-i', photo, '-t', String(seconds), '-r', '25', '-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', out]);
  return out;
}

/** A small grey clip longer than the engine's 15-s limit. */
export function longClip(seconds: number, out: string): string {
  ffmpeg(['-f', 'lavfi', '-i', `color=c=gray:s=64x64:d=${seconds}`, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out]);
  return out;
}

/** The first `bytes` of a file (a cut-off upload). */
export function truncated(src: string, bytes: number, out: string): string {
  writeFileSync(out, readFileSync(src).subarray(0, bytes));
  return out;
}

export function randomBytesFile(dir: string, size: number): string {
  const out = join(dir, 'random.bin');
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 2654435761) >>> 24;
  writeFileSync(out, data);
  return out;
}
