// Test media made at test time from the shared fixture clips with the
// bundled ffmpeg: clip segments, a still-photo replay, and y4m files for
// Chromium's fake camera. Nothing is copied into the repository.
import { ffmpeg } from '../../../../test-support/ffmpeg.js';

/** An H.264 MP4 of `seconds` from `startSeconds` of `source`. */
export function cutClip(source: string, startSeconds: number, seconds: number, out: string): Promise<string> {
  return ffmpeg(['-ss', String(startSeconds), '-t', String(seconds), '-i', source, '-an', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out]);
}

/** A still-photo replay: one frame of `source` (at `atSeconds`) held for `seconds`, as MP4. */
export function stillClip(source: string, atSeconds: number, seconds: number, out: string): Promise<string> {
  return ffmpeg([
    '-ss', String(atSeconds), '-i', source, '-an',
    '-vf', `trim=end_frame=1,loop=loop=${Math.round(seconds * 25) - 1}:size=1:start=0,setpts=N/25/TB`, '-r', '25',
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out,
  ]);
}

/**
 * A y4m for Chromium's fake camera from `seconds` of `source` starting at
 * `startSeconds`, at 640x480 like a webcam. It plays the segment backward
 * then forward, so the camera's endless loop has no jump cut, and so that a
 * recording made about 3-4 s after the camera opens (the page's countdown)
 * falls on the forward pass over most of the segment.
 */
export function cameraFile(source: string, startSeconds: number, seconds: number, out: string): Promise<string> {
  return ffmpeg([
    '-ss', String(startSeconds), '-t', String(seconds), '-i', source, '-an',
    '-filter_complex',
    '[0:v]fps=25,scale=480:480,pad=640:480:80:0:color=0x303030,split[a][b];[b]reverse[r];[r][a]concat=n=2:v=1[v]',
    '-map', '[v]', '-pix_fmt', 'yuv420p', out,
  ]);
}

/** A y4m camera that shows one frame of `source` over and over (a photo held up to the camera). */
export function stillCameraFile(source: string, atSeconds: number, out: string): Promise<string> {
  return ffmpeg([
    '-ss', String(atSeconds), '-i', source, '-an',
    '-vf', 'trim=end_frame=1,scale=480:480,pad=640:480:80:0:color=0x303030,loop=loop=49:size=1:start=0,setpts=N/25/TB',
    '-r', '25', '-pix_fmt', 'yuv420p', out,
  ]);
}

/**
 * A y4m camera for a challenge: `neutral` seconds of `source` (from its start)
 * played forward and back `passes` times, so the head keeps its natural
 * micro-motion without an action, then `source` forward from its start for
 * `actionSeconds` (the action happens in it). Deterministic frame by frame:
 * what the fake camera shows at each moment after it opens is fixed.
 */
export function challengeCameraFile(source: string, o: { neutral: number; passes: number; actionSeconds: number }, out: string): Promise<string> {
  const chain = 'fps=25,scale=480:480,pad=640:480:80:0:color=0x303030';
  const back = Array.from({ length: o.passes }, (_, k) => `[f${k}][r${k}]`).join('');
  return ffmpeg([
    '-i', source, '-an',
    '-filter_complex',
    `[0:v]${chain},split=2[n][a];` +
      `[n]trim=end=${o.neutral},setpts=PTS-STARTPTS,split=${2 * o.passes}${Array.from({ length: 2 * o.passes }, (_, k) => `[s${k}]`).join('')};` +
      Array.from({ length: o.passes }, (_, k) => `[s${2 * k}]null[f${k}];[s${2 * k + 1}]reverse[r${k}];`).join('') +
      `[a]trim=end=${o.actionSeconds},setpts=PTS-STARTPTS[act];` +
      `${back}[act]concat=n=${2 * o.passes + 1}:v=1[v]`,
    '-map', '[v]', '-pix_fmt', 'yuv420p', out,
  ]);
}
