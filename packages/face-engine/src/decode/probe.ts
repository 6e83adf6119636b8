// Reads what ffmpeg says about a file (`ffmpeg -i` writes it on stderr; the
// bundled build ships no ffprobe) so limits are enforced before decoding.
import { inputArgs, runFfmpeg } from './ffmpeg.js';
import { FFMPEG_BUDGET } from './limits.js';
import type { VideoContainer } from './sniff.js';

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

export interface Inspection {
  outcome: ProbeOutcome;
  /** Video packets the demuxer read (each a frame to decode), up to the cap asked for. */
  frames: number;
  /** Timestamp (s) of the last packet read, or null when none was. */
  lastTime: number | null;
}

/**
 * One demux-only pass over the first video stream (`-c copy` to nowhere: no
 * frame is decoded, so it is cheap whatever the codec): what the container
 * says (parseProbe) and how many frames it really holds. It stops after
 * `maxFrames` packets or `maxSec` seconds, so a file with millions of tiny
 * frames or hours of video costs no more than the limits.
 */
export async function inspect(file: string, container: VideoContainer, caps: { maxFrames: number; maxSec: number }): Promise<Inspection> {
  const run = await runFfmpeg(
    [...inputArgs(file, container), '-map', '0:v:0', '-c', 'copy', '-frames:v', String(caps.maxFrames), '-t', String(caps.maxSec), '-f', 'null', '-'],
    FFMPEG_BUDGET.inspect,
  );
  // A demux pass never needs its budget; one that ran out read something hostile.
  if (run.timedOut || run.cpuLimited) return { outcome: { ok: false, reason: 'invalid', stderr: run.stderr }, frames: 0, lastTime: null };
  const progress = run.stderr.replace(/\r/g, '\n');
  const frames = Number([...progress.matchAll(/frame=\s*(\d+)/g)].at(-1)?.[1] ?? 0);
  const time = [...progress.matchAll(/time=(\d+):(\d\d):(\d\d(?:\.\d+)?)/g)].at(-1);
  const lastTime = time ? Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3]) : null;
  return { outcome: parseProbe(run.stderr), frames: frames > 0 ? frames : 0, lastTime: frames > 0 ? lastTime : null };
}
