// Runs the bundled ffmpeg (or FFMPEG_PATH) and collects its output. Output is
// capped so a hostile file cannot make us buffer unbounded bytes, and every
// run has a timeout so a stuck decoder cannot hold a worker forever.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let cachedPath: string | undefined;

export function ffmpegPath(): string {
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  if (!cachedPath) cachedPath = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  return cachedPath;
}

export interface FfmpegRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  /** True when stdout reached maxStdout and the rest was dropped. */
  truncated: boolean;
  timedOut: boolean;
}

export interface FfmpegRunOptions {
  maxStdout?: number;
  timeoutMs?: number;
  /**
   * Called with each piece of stdout kept (within maxStdout) as it arrives, so
   * a consumer can start before ffmpeg ends. The consumer then owns the bytes:
   * they are not also collected into `stdout` (which stays empty).
   */
  onStdout?: (chunk: Buffer) => void;
}

const MAX_STDERR = 256 * 1024;

export function runFfmpeg(args: string[], opts: FfmpegRunOptions = {}): Promise<FfmpegRun> {
  const maxStdout = opts.maxStdout ?? 0;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), ['-hide_banner', '-nostdin', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let truncated = false;
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (outBytes + chunk.length > maxStdout) {
        const room = maxStdout - outBytes;
        if (room > 0) {
          if (opts.onStdout) opts.onStdout(chunk.subarray(0, room));
          else out.push(chunk.subarray(0, room));
        }
        outBytes = maxStdout;
        if (!truncated) {
          truncated = true;
          child.kill('SIGKILL');
        }
        return;
      }
      if (opts.onStdout) opts.onStdout(chunk);
      else out.push(chunk);
      outBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < MAX_STDERR) err += chunk.toString('utf8');
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: err, truncated, timedOut });
    });
  });
}
