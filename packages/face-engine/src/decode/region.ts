// Every frame of one region of a video, grey: a second pass over a clip,
// started early and given its region once the face is found. The sampled frames (15 or 30 per clip) are too sparse
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
import { FILTERS_FROM_STDIN, inputArgs, runFfmpeg, type FfmpegRun, type LateOutput } from './ffmpeg.js';
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

export interface PreparedRegion {
  /**
   * Gives the waiting ffmpeg its region, [x, y, w, h] in the coordinates of frames decoded at `width`×`height`
   * (see decodeVideo), clipped to the picture, read at `resolution` (≤ 1) of those frames' scale; resolves with
   * every frame's region. Rejects with CORRUPT_MEDIA when ffmpeg reads nothing. Once only.
   */
  read(size: { width: number; height: number; durationSec: number }, region: [number, number, number, number], resolution?: number): Promise<RegionFrames>;
  /** Ends the waiting ffmpeg without reading; resolves once it is gone and its files are removed. */
  cancel(): Promise<void>;
}

/**
 * Starts the pass over `file` before its region is known: ffmpeg loads, opens and probes the clip and waits for
 * its filters (FfmpegRunOptions.late), so that start-up runs while the sampled frames are decoded and tracked.
 * Throws NOT_A_VIDEO when the file is not a video the engine accepts. Call `read` or `cancel`: a pass left
 * waiting is ended only by its wall-clock timeout.
 */
export function prepareRegion(file: string): PreparedRegion {
  // The same guarded input as the first pass (demuxer forced, file protocol only): the file was sniffed there, again here.
  const container = sniff(readHead(file));
  if (!isVideoContainer(container)) throw new FaceEngineError('NOT_A_VIDEO', 'The file is not a video the engine accepts (MP4, MOV, WebM).');
  // Pixels and log go to private files, not pipes: the caller's thread is busy with the sampled frames while this pass
  // runs, and a pipe nobody reads stops ffmpeg once it is full. The file holds at most MAX_FRAMES regions.
  const dir = mkdtempSync(join(tmpdir(), 'face-engine-eyes-'));
  const out = join(dir, 'region.raw');
  let giveOutput!: (output: LateOutput | null) => void;
  const output = new Promise<LateOutput | null>((resolve) => (giveOutput = resolve));
  let ran: Promise<{ run: FfmpegRun; pixels: Buffer }>;
  try {
    closeSync(openSync(out, 'wx', 0o600)); // ffmpeg keeps an existing file's mode (its own would be 0644)
    ran = runFfmpeg(
      ['-y', ...inputArgs(file, container), '-map', '0:v:0', '-an', '-sn', ...FILTERS_FROM_STDIN, '-vsync', '0', '-frames:v', String(MAX_FRAMES), '-f', 'rawvideo', `file:${out}`],
      { ...FFMPEG_BUDGET.decode, logFile: join(dir, 'log.txt'), late: output },
    ).then(async (run) => ({ run, pixels: await readFile(out).catch(() => Buffer.alloc(0)) }));
  } catch (err) {
    ran = Promise.reject(err);
  }
  // The files go as soon as ffmpeg has ended, whatever the outcome.
  const done = ran.finally(() => rm(dir, { recursive: true, force: true }));
  done.catch(() => undefined); // awaited by read or cancel
  let given = false;
  const give = (value: LateOutput | null): void => {
    if (given) throw new Error('This region pass was already given its region or cancelled.');
    given = true;
    giveOutput(value);
  };
  return {
    async read(size, region, resolution = 1) {
      const f = Math.min(1, Math.max(0.1, resolution));
      const fw = Math.max(2, Math.round(size.width * f)), fh = Math.max(2, Math.round(size.height * f));
      const sx = fw / size.width, sy = fh / size.height;
      const x = Math.max(0, Math.floor(region[0] * sx)), y = Math.max(0, Math.floor(region[1] * sy));
      const w = Math.min(fw - x, Math.ceil(region[2] * sx)), h = Math.min(fh - y, Math.ceil(region[3] * sy));
      if (w < 2 || h < 2) {
        give(null);
        await done.catch(() => undefined);
        return { ox: x / sx, oy: y / sy, px: 1 / sx, width: 0, height: 0, frames: [] };
      }
      const step = Math.max(MIN_STEP_SEC, size.durationSec / MAX_FRAMES) * 0.95;
      const filters = [
        `select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${step.toFixed(4)})'`,
        'showinfo',
        `scale=${fw}:${fh}:flags=bilinear`,
        `crop=${w}:${h}:${x}:${y}`,
        'format=gray',
      ];
      give({ filters: filters.join(',') });
      const { run, pixels } = await done;
      const bytes = w * h;
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
    },
    async cancel() {
      if (!given) give(null);
      await done.catch(() => undefined);
    },
  };
}

/** The region of every frame of `file` in one call (prepareRegion, then read). */
export function decodeRegion(
  file: string,
  size: { width: number; height: number; durationSec: number },
  region: [number, number, number, number],
  resolution = 1,
): Promise<RegionFrames> {
  return prepareRegion(file).read(size, region, resolution);
}
