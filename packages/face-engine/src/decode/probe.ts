// Reads what ffmpeg says about a file (`ffmpeg -i` writes it on stderr; the
// bundled build ships no ffprobe) so limits are enforced before decoding.
import { runFfmpeg } from './ffmpeg.js';

export interface ProbeResult {
  format: string;
  codec: string;
  /** Coded size, before rotation. */
  width: number;
  height: number;
  /** Degrees clockwise the player must rotate (0, 90, 180, 270). */
  rotation: number;
  /** Null when the container does not say (e.g. MediaRecorder WebM). */
  durationSec: number | null;
  fps: number | null;
}

export type ProbeOutcome = { ok: true; info: ProbeResult } | { ok: false; reason: 'no-video' | 'invalid'; stderr: string };

export function parseProbe(stderr: string): ProbeOutcome {
  const input = /Input #0, ([^\n]+?), from /.exec(stderr);
  if (!input) return { ok: false, reason: 'invalid', stderr };
  const video = /Stream #0:\d+[^:\n]*: Video: ([^\n]+)/.exec(stderr);
  if (!video) return { ok: false, reason: 'no-video', stderr };
  const desc = video[1] ?? '';
  const codec = (/^(\w+)/.exec(desc)?.[1] ?? 'unknown').toLowerCase();
  const size = /, (\d{1,6})x(\d{1,6})/.exec(desc);
  if (!size) return { ok: false, reason: 'invalid', stderr };
  const dur = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(stderr);
  const durationSec = dur ? Number(dur[1]) * 3600 + Number(dur[2]) * 60 + Number(dur[3]) : null;
  const fpsMatch = /, ([\d.]+) fps/.exec(desc) ?? /, ([\d.]+) tbr/.exec(desc);
  const rotateTag = /rotate\s*:\s*(-?\d+)/.exec(stderr);
  const matrix = /rotation of (-?[\d.]+) degrees/.exec(stderr);
  let rotation = 0;
  // The tag is clockwise; the display matrix is counter-clockwise.
  if (rotateTag) rotation = Number(rotateTag[1]);
  else if (matrix) rotation = -Number(matrix[1]);
  rotation = ((Math.round(rotation / 90) * 90) % 360 + 360) % 360;
  return {
    ok: true,
    info: {
      format: input[1] ?? 'unknown',
      codec,
      width: Number(size[1]),
      height: Number(size[2]),
      rotation,
      durationSec: durationSec !== null && durationSec > 0 ? durationSec : null,
      fps: fpsMatch ? Number(fpsMatch[1]) : null,
    },
  };
}

export async function probe(file: string): Promise<ProbeOutcome> {
  const run = await runFfmpeg(['-i', file], { timeoutMs: 15_000 });
  return parseProbe(run.stderr);
}

/**
 * Duration of the first video stream by remuxing it to nowhere (no decoding,
 * so it is cheap); used when the container has no duration. Stops reading
 * past `limitSec` so a very long stream costs no more than the limit.
 */
export async function measureDuration(file: string, limitSec: number): Promise<number | null> {
  const run = await runFfmpeg(['-i', file, '-map', '0:v:0', '-c', 'copy', '-t', String(limitSec + 1), '-f', 'null', '-'], {
    timeoutMs: 20_000,
  });
  const times = [...run.stderr.matchAll(/time=(\d+):(\d\d):(\d\d(?:\.\d+)?)/g)];
  const last = times.at(-1);
  if (!last) return null;
  return Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3]);
}
