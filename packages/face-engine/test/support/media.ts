// Test media made at test time with the bundled ffmpeg and sharp, in one temp dir per test file.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mediaToolPath, runFfmpeg } from '../../src/decode/ffmpeg.js';

export function tempDir(prefix: string): { dir: string; path: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `fe-test-${prefix}-`));
  return { dir, path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `work` with os.tmpdir() at `dir` (made here, empty), then puts TMPDIR back. */
export async function withTmpdir<T>(dir: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(dir);
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir; // os.tmpdir() reads it on every call
  try {
    if (tmpdir() !== dir) throw new Error(`os.tmpdir() did not follow TMPDIR (${tmpdir()})`);
    return await work();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/** Runs ffmpeg and fails the test with its stderr when it fails. */
export async function ffmpeg(...args: string[]): Promise<void> {
  const run = await runFfmpeg(['-y', '-v', 'error', ...args], { timeoutMs: 120_000, binary: mediaToolPath() });
  if (run.code !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${run.stderr.slice(-500)}`);
}

/**
 * A 2-s clip coded sideways (the 512x384 picture turned a quarter left, so
 * coded 384x512) and a copy tagged to be shown upright again, as phones do.
 * This ffmpeg build writes the tag negated: `rotate=270` reads back as 90.
 */
export async function sidewaysClip(source: string, sideways: string, tagged: string): Promise<void> {
  await ffmpeg('-i', source, '-t', '2', '-an', '-vf', 'crop=512:384,transpose=2', '-c:v', 'libx264', '-preset', 'ultrafast', sideways);
  await ffmpeg('-i', sideways, '-c', 'copy', '-metadata:s:v:0', 'rotate=270', tagged);
}
