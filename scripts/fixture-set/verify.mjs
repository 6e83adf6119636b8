// Checks a fixture folder against the pinned SHA-256 list (./SHA256SUMS): which files are
// missing, which differ, which are there but not in the set. Also the content check of a clip
// (decodes, H.264, no audio, expected length), which needs ffmpeg.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');

/** The pinned list, verbatim: what `pnpm fixtures` writes as the set's SHA256SUMS. */
export const PINNED_SUMS_TEXT = readFileSync(join(here, 'SHA256SUMS'), 'utf8');

/** Expected SHA-256 of every media file of the set, keyed by its path inside the set. */
export const PINNED = new Map(
  PINNED_SUMS_TEXT.split('\n').filter(Boolean).map((line) => {
    const match = /^([0-9a-f]{64}) [ *]\.\/(.+)$/.exec(line);
    if (!match) throw new Error(`Unreadable line in scripts/fixture-set/SHA256SUMS: ${line}`);
    return [match[2], match[1]];
  }),
);

/** Files at the top of the set beside the media: the marker tests look for, and the list. */
export const METADATA = ['SOURCES.md', 'SHA256SUMS'];

export const sha256 = (buffer) => createHash('sha256').update(buffer).digest('hex');

/** Every file under `dir`, as set paths with forward slashes, sorted. */
export async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/'))
    .sort();
}

/** Why one file differs from its pinned bytes ('missing', 'sha256 …'), or undefined when it matches. */
export async function fileProblem(dir, file) {
  const data = await readFile(join(dir, file)).catch((error) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!data) return 'missing';
  const actual = sha256(data);
  const expected = PINNED.get(file);
  return actual === expected ? undefined : `sha256 ${actual.slice(0, 12)}… expected ${expected.slice(0, 12)}…`;
}

/**
 * The whole folder against the pinned list: `missing` and `mismatched` media, `extra` files that
 * are not part of the set, and SOURCES.md (the set's completion marker) when it is absent.
 */
export async function checkFolder(dir) {
  const present = new Set(await listFiles(dir));
  const results = [];
  for (const file of PINNED.keys()) {
    results.push({ file, problem: present.has(file) ? await fileProblem(dir, file) : 'missing' });
  }
  if (!present.has('SOURCES.md')) results.push({ file: 'SOURCES.md', problem: 'missing' });
  if (present.has('SHA256SUMS') && (await readFile(join(dir, 'SHA256SUMS'), 'utf8')) !== PINNED_SUMS_TEXT) {
    results.push({ file: 'SHA256SUMS', problem: 'differs from the pinned list (scripts/fixture-set/SHA256SUMS)' });
  }
  const extra = [...present].filter((file) => !PINNED.has(file) && !METADATA.includes(file));
  return {
    results,
    missing: results.filter((r) => r.problem === 'missing').map((r) => r.file),
    mismatched: results.filter((r) => r.problem && r.problem !== 'missing').map((r) => r.file),
    extra,
  };
}

// ---- Clips ------------------------------------------------------------------------------
export function ffmpegPath() {
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  try {
    const fromEngine = createRequire(join(repoRoot, 'packages', 'face-engine', 'package.json'));
    return fromEngine('@ffmpeg-installer/ffmpeg').path;
  } catch {
    throw new Error('ffmpeg not found: run `pnpm install` first (or set FFMPEG_PATH)');
  }
}

/** Runs a command; resolves with its exit code and standard error. */
export function run(command, argv) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stderr }));
  });
}

/** Checks a clip's content: decodes without error, H.264, no audio, the expected length (±0.15 s). */
export async function clipProblem(file, expectedSeconds) {
  const ffmpeg = ffmpegPath();
  const decode = await run(ffmpeg, ['-v', 'error', '-i', file, '-f', 'null', '-']);
  if (decode.code !== 0 || decode.stderr.trim()) return `does not decode: ${decode.stderr.trim().split('\n')[0] || `exit ${decode.code}`}`;
  const probe = (await run(ffmpeg, ['-hide_banner', '-i', file])).stderr;
  const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(probe);
  if (!duration) return 'no duration';
  const seconds = Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]);
  if (Math.abs(seconds - expectedSeconds) > 0.15) return `duration ${seconds.toFixed(2)} s, expected ${expectedSeconds} s`;
  if (!/Video: h264/.test(probe)) return 'not H.264';
  if (/Audio:/.test(probe)) return 'has an audio stream';
  return undefined;
}
