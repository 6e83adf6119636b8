// Every frame of one region of a video, grey: a second pass over a clip once
// the face is found. The sampled frames (15 or 30 per clip) are too sparse
// for what lasts a tenth of a second (a blink, a glance); this pass reads
// all of them, but only the part of the picture where the eyes are, so it
// costs ffmpeg's decoding (in its own process) and a few kilobytes a frame,
// and runs while the engine measures the sampled frames.
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaceEngineError } from '../errors.js';
import { readHead } from './decode-media.js';
import { inputArgs, runFfmpeg } from './ffmpeg.js';
import { FFMPEG_BUDGET } from './limits.js';
import { isVideoContainer, sniff } from './sniff.js';

export interface RegionFrames {
  /** Where the region's first pixel sits in the coordinates of the sampled frames (after rotation and downscale). */
  ox: number;
  oy: number;
  /** Size of one of the region's pixels in sampled-frame pixels (1, or more when read at a lower resolution). */
  px: number;
  /** Size in the region's own pixels. */
  width: number;
  height: number;
  /** Grey pixels (0-255), row by row, one array per frame, with the frame's time (s, same origin as the sampled frames). */
  frames: Array<{ t: number; grey: Uint8Array }>;
}

/**
 * Frames closer together than this are not read (a 30-fps clip is read at 15, 60 at 20), nor more than
 * MAX_FRAMES in all: a blink closes the lids for a tenth of a second or more, so it still spans a frame or two,
 * and the work is half of reading every frame.
 */
const MIN_STEP_SEC = 1 / 16;
const MAX_FRAMES = 160;

/**
 * The region [x, y, w, h] (in the coordinates of frames decoded at `width`×`height`, see decodeVideo) of every
 * frame of `file`, clipped to the picture, read at `resolution` (≤ 1) of those frames' scale.
 * Rejects with CORRUPT_MEDIA when ffmpeg reads nothing.
 */
export async function decodeRegion(
  file: string,
  size: { width: number; height: number; durationSec: number },
  region: [number, number, number, number],
  resolution = 1,
): Promise<RegionFrames> {
  const f = Math.min(1, Math.max(0.1, resolution));
  const fw = Math.max(2, Math.round(size.width * f)), fh = Math.max(2, Math.round(size.height * f));
  const sx = fw / size.width, sy = fh / size.height;
  const x = Math.max(0, Math.floor(region[0] * sx)), y = Math.max(0, Math.floor(region[1] * sy));
  const w = Math.min(fw - x, Math.ceil(region[2] * sx)), h = Math.min(fh - y, Math.ceil(region[3] * sy));
  if (w < 2 || h < 2) return { ox: x / sx, oy: y / sy, px: 1 / sx, width: 0, height: 0, frames: [] };
  const step = Math.max(MIN_STEP_SEC, size.durationSec / MAX_FRAMES) * 0.95;
  const filters = [
    `select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${step.toFixed(4)})'`,
    'showinfo',
    `scale=${fw}:${fh}:flags=bilinear`,
    `crop=${w}:${h}:${x}:${y}`,
    'format=gray',
  ];
  const bytes = w * h;
  // The same guarded input as the first pass (demuxer forced, file protocol only): the file was sniffed there, again here.
  // Up to the spawn everything is synchronous, so ffmpeg starts now even when the caller's next step keeps this
  // thread busy (the engine measures the sampled frames meanwhile).
  const container = sniff(readHead(file));
  if (!isVideoContainer(container)) throw new FaceEngineError('NOT_A_VIDEO', 'The file is not a video the engine accepts (MP4, MOV, WebM).');
  // Pixels and log go to private files, not pipes: the caller's thread is busy with the sampled frames while this pass
  // runs, and a pipe nobody reads stops ffmpeg once it is full. The file holds at most MAX_FRAMES regions.
  const dir = mkdtempSync(join(tmpdir(), 'face-engine-eyes-'));
  let run: Awaited<ReturnType<typeof runFfmpeg>>;
  let pixels: Buffer;
  try {
    const out = join(dir, 'region.raw');
    closeSync(openSync(out, 'wx', 0o600)); // ffmpeg keeps an existing file's mode (its own would be 0644)
    run = await runFfmpeg(
      ['-y', ...inputArgs(file, container), '-map', '0:v:0', '-an', '-sn', '-vf', filters.join(','), '-vsync', '0', '-frames:v', String(MAX_FRAMES), '-f', 'rawvideo', `file:${out}`],
      { ...FFMPEG_BUDGET.decode, logFile: join(dir, 'log.txt') },
    );
    pixels = await readFile(out).catch(() => Buffer.alloc(0));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const count = Math.min(MAX_FRAMES, Math.floor(pixels.length / bytes));
  if (count === 0 || run.timedOut || run.cpuLimited) throw new FaceEngineError('CORRUPT_MEDIA', 'The video could not be decoded: it is damaged or truncated.');
  const times = [...run.stderr.matchAll(/n:\s*\d+\s+pts:\s*-?\d+\s+pts_time:(-?[\d.]+)/g)].map((m) => Number(m[1]));
  const t0 = times[0] ?? 0;
  const frames = Array.from({ length: count }, (_, i) => ({
    t: Number(((times[i] ?? t0 + i / 30) - t0).toFixed(3)),
    grey: new Uint8Array(pixels.buffer, pixels.byteOffset + i * bytes, bytes),
  }));
  // A pixel's centre at (i + 0.5) in the scaled picture is at (i + 0.5) / s in the frame: the grid's origin moves by half a pixel.
  return { ox: (x + 0.5) / sx - 0.5, oy: (y + 0.5) / sy - 0.5, px: 1 / sx, width: w, height: h, frames };
}
