// The ways browsers and phones record a selfie clip, as ffmpeg recipes: VP8
// and VP9 WebM (Chrome, Firefox, Android), H.264 MP4 (Safari, iOS), at 30, 24
// and 15 fps, 1080p to 360p (the short side), bitrates down to 400 kbit/s,
// and cameras whose frame rate varies (frames repeated, or dropped with
// irregular timestamps). Each encoding is written once under a directory keyed
// by its recipe, so a second bench run only scores.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { mediaToolPath } from '../src/decode/ffmpeg.js';

const run = promisify(execFile);

export type Codec = 'h264' | 'vp8' | 'vp9';
/**
 * `cfr`: every frame once. `dup`: a camera delivering 12 fps recorded at the
 * output rate, so most frames repeat 2-3 times. `vfr`: about a third of the
 * frames dropped at random, the rest keeping their timestamps (irregular gaps).
 */
export type Cadence = 'cfr' | 'dup' | 'vfr';

export interface Encoding {
  codec: Codec;
  fps: number;
  /** Short side of the picture in pixels. */
  short: number;
  kbps: number;
  cadence: Cadence;
}

export const encodingId = (e: Encoding): string => `${e.codec}-${e.short}p${e.fps}-${e.kbps}k${e.cadence === 'cfr' ? '' : `-${e.cadence}`}`;

const CODECS: readonly Codec[] = ['h264', 'vp8', 'vp9'];
const SIZES = [1080, 720, 480, 360] as const;
const FPS = [30, 24, 15] as const;
/** What a browser's recorder typically spends at each size. */
const USUAL_KBPS: Record<(typeof SIZES)[number], number> = { 1080: 4000, 720: 2000, 480: 1000, 360: 600 };

/**
 * 24 encodings per clip: every codec at every size (each codec meets every
 * frame rate: the rate rotates with the size), at its usual bitrate; every
 * codec at 400 kbit/s at 720p and at 360p; every codec from a camera that
 * repeats frames (720p, 30 fps) and one that drops them (480p, 24 fps).
 */
export const ENCODINGS: readonly Encoding[] = CODECS.flatMap((codec, c) => [
  ...SIZES.map((short, s) => ({ codec, short, fps: FPS[(s + c) % FPS.length]!, kbps: USUAL_KBPS[short], cadence: 'cfr' as const })),
  { codec, short: 720, fps: 30, kbps: 400, cadence: 'cfr' as const },
  { codec, short: 360, fps: FPS[c]!, kbps: 400, cadence: 'cfr' as const },
  { codec, short: 720, fps: 30, kbps: 1500, cadence: 'dup' as const },
  { codec, short: 480, fps: 24, kbps: 1000, cadence: 'vfr' as const },
]);

/** ffmpeg arguments that write `src` as encoding `e` to `out`. */
export function encodingArgs(src: string, e: Encoding, out: string): string[] {
  const scale = `scale='if(gt(iw,ih),-2,${e.short})':'if(gt(iw,ih),${e.short},-2)'`;
  const cadence = e.cadence === 'dup' ? `fps=12,fps=${e.fps}` : e.cadence === 'vfr' ? `fps=${e.fps},select='gt(random(0),0.33)'` : `fps=${e.fps}`;
  const rate = ['-b:v', `${e.kbps}k`, '-maxrate', `${Math.round(e.kbps * 1.5)}k`, '-bufsize', `${e.kbps * 2}k`];
  const codec = e.codec === 'h264'
    ? ['-c:v', 'libx264', '-preset', 'veryfast', ...rate, '-pix_fmt', 'yuv420p', '-movflags', '+faststart']
    : ['-c:v', e.codec === 'vp8' ? 'libvpx' : 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', ...rate, '-pix_fmt', 'yuv420p'];
  return ['-v', 'error', '-y', '-i', src, '-an', '-vf', `${scale},${cadence}`, ...(e.cadence === 'vfr' ? ['-vsync', 'vfr'] : []), ...codec, out];
}

export const extensionOf = (e: Encoding): string => (e.codec === 'h264' ? 'mp4' : 'webm');

const digest = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex').slice(0, 8);

/**
 * The encoded file for `src` (cached: the directory is named by a hash of the
 * recipe, the file by the source's name and a hash of its bytes). Written to a
 * temporary name first, so an interrupted run never leaves a half file behind.
 */
export async function encodeClip(src: string, e: Encoding, cacheDir: string): Promise<string> {
  const dir = join(cacheDir, `${encodingId(e)}-${digest(encodingArgs('SRC', e, 'OUT').join(' '))}`);
  const out = join(dir, `${basename(src).replace(/\.[^.]+$/, '')}-${digest(readFileSync(src))}.${extensionOf(e)}`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const partial = `${out}.part.${extensionOf(e)}`;
  await run(mediaToolPath(), encodingArgs(src, e, partial), { maxBuffer: 1 << 20 });
  renameSync(partial, out);
  return out;
}
