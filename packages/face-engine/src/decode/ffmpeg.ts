// Which ffmpeg decodes uploads, and running it. `FFMPEG_PATH` wins; else an
// `ffmpeg` on PATH (a maintained build: Debian's on this project's machines);
// else the static build of @ffmpeg-installer (2018), the fallback. Output is
// capped so a hostile file cannot make us buffer unbounded bytes; every run has
// a wall-clock timeout and, where a shell can set it, a CPU-time limit, so a
// file that decodes slowly cannot hold a worker.
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { readStart } from './read-start.js';
import { DEMUXERS, type VideoContainer } from './sniff.js';

const require = createRequire(import.meta.url);

export type FfmpegSource = 'FFMPEG_PATH' | 'PATH' | 'bundled';

/** The bundled static build: what test and bench media are made with, so they come out the same everywhere. */
export function bundledFfmpegPath(): string {
  return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

/** The build that makes media (tests, benches): `FFMPEG_PATH`, else the bundled one. */
export function mediaToolPath(): string {
  return process.env.FFMPEG_PATH || bundledFfmpegPath();
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

let chosen: { path: string; source: FfmpegSource } | undefined;

/** The ffmpeg that decodes uploads and where it was found (looked up once per process). */
export function decoderFfmpeg(): { path: string; source: FfmpegSource } {
  if (process.env.FFMPEG_PATH) return { path: process.env.FFMPEG_PATH, source: 'FFMPEG_PATH' };
  if (!chosen) {
    const found = onPath(process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
    chosen = found ? { path: found, source: 'PATH' } : { path: bundledFfmpegPath(), source: 'bundled' };
  }
  return chosen;
}

export function ffmpegPath(): string {
  return decoderFfmpeg().path;
}

export interface FfmpegInfo {
  path: string;
  source: FfmpegSource;
  /** The version ffmpeg reports (`5.1.9-0+deb12u1`, `N-47683-g0e8eb07980-static`), or `unknown`. */
  version: string;
}

let info: Promise<FfmpegInfo> | undefined;

/** The decoding ffmpeg with its version, for a healthcheck or a start-up line. */
export function ffmpegInfo(): Promise<FfmpegInfo> {
  const { path, source } = decoderFfmpeg();
  if (source === 'FFMPEG_PATH') info = undefined; // an override may change between calls (tests)
  info ??= runFfmpeg(['-version'], { maxStdout: 4096, timeoutMs: 10_000, binary: path }).then(
    (run) => ({ path, source, version: /ffmpeg version (\S+)/.exec(run.stdout.toString('utf8'))?.[1] ?? 'unknown' }),
    () => ({ path, source, version: 'unknown' }),
  );
  return info;
}

/**
 * Input options that keep ffmpeg on this one file: the demuxer of the sniffed
 * container is forced (no probing, so no playlist, concat or image-sequence
 * demuxer), only the `file` protocol is allowed (nested opens inherit the
 * whitelist: no http, data, concat: or crypto), and MOV's external data
 * references (`dref`, alias) are neither followed nor resolved.
 */
export function inputArgs(file: string, container: VideoContainer): string[] {
  const demuxer = DEMUXERS[container];
  const movOnly = demuxer === 'mov' ? ['-enable_drefs', '0', '-use_absolute_path', '0'] : [];
  return ['-protocol_whitelist', 'file', '-f', demuxer, ...movOnly, '-i', `file:${resolve(file)}`];
}

export interface FfmpegRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  /** True when stdout reached maxStdout and the rest was dropped. */
  truncated: boolean;
  /** True when the wall-clock timeout ended the run. */
  timedOut: boolean;
  /** True when the CPU-time limit ended the run. */
  cpuLimited: boolean;
  /** True when `late` gave no output options and the waiting ffmpeg was ended. */
  cancelled: boolean;
}

/**
 * Output options decided after ffmpeg was started (see FfmpegRunOptions.late): the video filter graph, and the
 * stdout cap when it depends on them.
 */
export interface LateOutput {
  filters: string;
  maxStdout?: number;
}

/** Where a run with `late` output options has its filter graph in the command line: read from stdin. */
export const FILTERS_FROM_STDIN = ['-filter_script:v', 'pipe:0'] as const;

export interface FfmpegRunOptions {
  maxStdout?: number;
  timeoutMs?: number;
  /** CPU seconds the run may use (all its threads), enforced by the kernel (`ulimit -t`); none when unset. */
  cpuSeconds?: number;
  /** Another ffmpeg than the decoder (e.g. mediaToolPath() to make test media). */
  binary?: string;
  /**
   * Called with each piece of stdout kept (within maxStdout) as it arrives, so
   * a consumer can start before ffmpeg ends. The consumer then owns the bytes:
   * they are not also collected into `stdout` (which stays empty).
   */
  onStdout?: (chunk: Buffer) => void;
  /**
   * Write ffmpeg's log to this new file (created 0600; the caller removes it) instead of a pipe, and read it back
   * (up to 256 KiB) when ffmpeg ends: for a run the caller does not read while it lasts, where a full pipe would
   * stop ffmpeg at its next line of log.
   */
  logFile?: string;
  /**
   * Start ffmpeg now and give it its filter graph later: `args` hold FILTERS_FROM_STDIN in place of `-vf`, and
   * ffmpeg starts, opens and probes its input (as a demux pass does), then waits on stdin. When `late` resolves,
   * the filters are written there and the run goes on; when it resolves null or rejects, ffmpeg is killed and the
   * run resolves `cancelled`. Its start-up (tens of ms of loading shared libraries) so overlaps whatever decides
   * the filters.
   */
  late?: Promise<LateOutput | null>;
}

const MAX_STDERR = 256 * 1024;

/** The command line: through `sh -c 'ulimit -t N; exec …'` when a CPU limit is asked for (not on Windows). */
function command(binary: string, args: string[], cpuSeconds: number | undefined): [string, string[]] {
  const full = ['-hide_banner', '-nostdin', ...args];
  if (cpuSeconds === undefined || process.platform === 'win32') return [binary, full];
  return ['/bin/sh', ['-c', `ulimit -t ${Math.max(1, Math.ceil(cpuSeconds))} && exec "$0" "$@"`, binary, ...full]];
}

function readsFiltersFromStdin(args: readonly string[]): boolean {
  const at = args.indexOf(FILTERS_FROM_STDIN[0]);
  return at >= 0 && args[at + 1] === FILTERS_FROM_STDIN[1];
}

export function runFfmpeg(args: string[], opts: FfmpegRunOptions = {}): Promise<FfmpegRun> {
  let maxStdout = opts.maxStdout ?? 0;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    if (opts.late && !readsFiltersFromStdin(args)) {
      reject(new TypeError('A run with late output options reads its filters from stdin: put FILTERS_FROM_STDIN in its arguments.'));
      return;
    }
    const [file, argv] = command(opts.binary ?? ffmpegPath(), args, opts.cpuSeconds);
    let logFd: number | undefined;
    try {
      if (opts.logFile) logFd = openSync(opts.logFile, 'wx', 0o600);
    } catch (e) {
      reject(e);
      return;
    }
    const child = spawn(file, argv, { stdio: [opts.late ? 'pipe' : 'ignore', 'pipe', logFd ?? 'pipe'] });
    if (logFd !== undefined) closeSync(logFd);
    const out: Buffer[] = [];
    let outBytes = 0;
    let truncated = false;
    let err = '';
    let timedOut = false;
    let cancelled = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    if (opts.late) {
      const cancel = (): void => {
        cancelled = true;
        child.kill('SIGKILL');
      };
      child.stdin?.on('error', () => undefined); // ffmpeg gone before reading: its exit is reported below
      opts.late.then((output) => {
        if (!output) return cancel();
        if (output.maxStdout !== undefined) maxStdout = output.maxStdout;
        child.stdin?.end(output.filters);
      }, cancel);
    }
    child.stdout?.on('data', (chunk: Buffer) => {
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
    child.stderr?.on('data', (chunk: Buffer) => {
      if (err.length < MAX_STDERR) err += chunk.toString('utf8');
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // SIGXCPU at the limit (SIGKILL past it, when not ours): the CPU-time limit ended the run.
      const cpuLimited = signal === 'SIGXCPU' || (signal === 'SIGKILL' && !timedOut && !truncated && !cancelled);
      if (opts.logFile) err = readStart(opts.logFile, MAX_STDERR).toString('utf8');
      resolve({ code, stdout: Buffer.concat(out), stderr: err, truncated, timedOut, cpuLimited, cancelled });
    });
  });
}
