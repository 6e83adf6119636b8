// Clips cut at test time with the bundled ffmpeg (FFMPEG_PATH wins), found
// through the face engine's dependency so this package needs no ffmpeg of its own.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

function ffmpegPath(): string {
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  const engine = resolve(import.meta.dirname, '..', '..', 'node_modules', '@alice-face', 'face-engine', 'package.json');
  return (createRequire(engine)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

function ffmpeg(args: string[]): void {
  execFileSync(ffmpegPath(), ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

const h264 = ['-an', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'];

/** `seconds` of `src` from `start`, re-encoded: a new recording of the same person. */
export function segment(src: string, start: number, seconds: number, dir: string, name: string): string {
  const out = join(dir, name);
  ffmpeg(['-ss', String(start), '-t', String(seconds), '-i', src, ...h264, out]);
  return out;
}

/** One frame of `src` as a JPEG photo, replayed as a still video for `seconds` (`ffmpeg -loop 1`). */
export function photoReplay(src: string, at: number, seconds: number, dir: string, name: string): string {
  const photo = join(dir, `${name}.jpg`);
  ffmpeg(['-ss', String(at), '-i', src, '-frames:v', '1', '-q:v', '2', photo]);
  const out = join(dir, name);
  ffmpeg(['-loop', '1', '-i', photo, '-t', String(seconds), '-r', '25', '-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2', ...h264, out]);
  return out;
}
