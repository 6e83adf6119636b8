#!/usr/bin/env node
// `pnpm fixtures`: rebuilds the shared face fixture set (photos and selfie clips) from its
// public sources at pinned commits, as ../shared/fixtures/SOURCES.md describes, and checks it
// against the pinned SHA-256 list (scripts/fixture-set/SHA256SUMS).
//
//   pnpm fixtures                 download what is missing or wrong into $FACE_FIXTURES
//   pnpm fixtures --check [DIR]   only verify a set against the pinned list (no network)
//   pnpm fixtures --list          print every URL it would fetch (no network)
//   pnpm fixtures --dir <path>    another target folder (default $FACE_FIXTURES, else ../shared/fixtures)
//
// Photos and the stage clip are copied unchanged and must match their SHA-256. Clips are cut
// with the bundled ffmpeg and should match too; another ffmpeg build or CPU may give other
// bytes, so a clip that differs is kept when it decodes as H.264, without audio, at the
// expected length, and reported (`--check` counts it as mismatched).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cutClip, fetchSource, isShortCommit, rawUrl, recordingCache, resolveUrl } from './fixture-set/fetch.mjs';
import { CLIPS, COPIES, REPOS } from './fixture-set/sources.mjs';
import { writeSourcesFile } from './fixture-set/sources-file.mjs';
import { PINNED, PINNED_SUMS_TEXT, checkFolder, clipProblem, fileProblem, listFiles, sha256 } from './fixture-set/verify.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'Usage: pnpm fixtures [--dir DIR] | --check [DIR] | --list';

// ---- Command line -----------------------------------------------------------------------
function parse(argv) {
  const options = { mode: 'fetch', dir: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const next = argv[i + 1];
    if (arg === '--check') {
      options.mode = 'check';
      if (next && !next.startsWith('--')) options.dir = argv[++i];
    } else if (arg === '--list') options.mode = 'list';
    else if (arg === '--dir' && next && !next.startsWith('--')) options.dir = argv[++i];
    else if (arg === '--help' || arg === '-h') options.mode = 'help';
    else throw new Error(`Unknown or incomplete option \`${arg}\`. ${USAGE}`);
  }
  return options;
}

let options;
try {
  options = parse(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const targetDir = resolve(options.dir ?? process.env.FACE_FIXTURES ?? join(root, '..', 'shared', 'fixtures'));

// ---- --list -----------------------------------------------------------------------------
function list() {
  const short = Object.keys(REPOS).filter(isShortCommit);
  console.log(`# ${short.length} sources are pinned to abbreviated commits, first resolved to full SHAs with:`);
  for (const source of short) console.log(resolveUrl(source));
  console.log(`# ${COPIES.length + CLIPS.length} files: the URL, then the file in the set (clips are cut from the recording)`);
  for (const [file, source, path] of [...COPIES, ...CLIPS]) console.log(`${rawUrl(source, path)}\t${file}`);
}

// ---- --check ----------------------------------------------------------------------------
async function check() {
  console.log(`Checking face fixtures in ${targetDir} against scripts/fixture-set/SHA256SUMS`);
  const { results, missing, mismatched, extra } = await checkFolder(targetDir);
  for (const { file, problem } of results.filter((r) => r.problem)) {
    const seconds = CLIPS.find(([name]) => name === file)?.[5]; // a clip's expected duration
    const note = seconds && problem !== 'missing' ? await clipNote(join(targetDir, file), seconds) : '';
    console.log(`FAIL ${file}: ${problem}${note}`);
  }
  for (const file of extra) console.log(`FAIL ${file}: extra (not part of the set)`);
  const ok = missing.length + mismatched.length + extra.length === 0;
  console.log(ok
    ? `All ${PINNED.size} fixtures ok.`
    : `${PINNED.size} fixtures: ${missing.length} missing, ${mismatched.length} mismatched, ${extra.length} extra.`);
  return ok;
}

/** For a clip whose bytes differ: does it still decode as the expected clip (a local re-cut)? */
async function clipNote(path, seconds) {
  const problem = await clipProblem(path, seconds).catch((error) => error.message);
  return problem ? ` (${problem})` : ` (decodes as a ${seconds}-s H.264 clip: cut by another ffmpeg build?)`;
}

// ---- fetch ------------------------------------------------------------------------------
const total = COPIES.length + CLIPS.length;
let index = 0;
let failures = 0;
let failuresInARow = 0;
let differing = 0;

function progress(file, status) {
  index += 1;
  const failed = status.startsWith('FAIL');
  failures += failed ? 1 : 0;
  failuresInARow = failed ? failuresInARow + 1 : 0;
  console.log(`[${String(index).padStart(3)}/${total}] ${file.padEnd(64)} ${status}`);
}

/** Downloads stop after 5 failures in a row: the network or GitHub is not reachable. */
function shouldStop() {
  if (failuresInARow < 5) return false;
  console.log('Stopping: 5 downloads in a row failed (is raw.githubusercontent.com reachable?).');
  return true;
}

const describe = (error) => `${error.message}${error.cause?.code ? ` (${error.cause.code})` : ''}`;
const short = (hex) => `${hex.slice(0, 12)}…`;

async function place(file, data) {
  const path = join(targetDir, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.partial`, data);
  await rename(`${path}.partial`, path);
}

async function copies() {
  for (const [file, source, path] of COPIES) {
    if (shouldStop()) return false;
    if (!(await fileProblem(targetDir, file))) {
      progress(file, 'ok (sha256)');
      continue;
    }
    try {
      const data = await fetchSource(source, path);
      const actual = sha256(data);
      if (actual !== PINNED.get(file)) throw new Error(`downloaded sha256 ${short(actual)} expected ${short(PINNED.get(file))}`);
      await place(file, data);
      progress(file, `ok (downloaded ${REPOS[source].repo}, sha256)`);
    } catch (error) {
      progress(file, `FAIL: ${describe(error)}`);
    }
  }
  return true;
}

async function clips(workDir) {
  const recording = recordingCache(workDir);
  for (const [file, source, path, start, length, seconds] of CLIPS) {
    if (shouldStop()) return;
    const target = join(targetDir, file);
    const problem = await fileProblem(targetDir, file);
    if (!problem) {
      progress(file, 'ok (sha256)');
      continue;
    }
    if (problem !== 'missing' && !(await clipProblem(target, seconds).catch((error) => error.message))) {
      differing += 1;
      progress(file, `ok (decodes, ${seconds} s; bytes differ from SHA256SUMS)`);
      continue;
    }
    try {
      const cut = await cutClip(await recording(source, path), join(workDir, `cut-${index}.mp4`), start, length);
      if (sha256(cut.data) === PINNED.get(file)) {
        await place(file, cut.data);
        progress(file, `ok (downloaded ${REPOS[source].repo}, cut, sha256)`);
        continue;
      }
      const after = await clipProblem(cut.path, seconds);
      if (after) throw new Error(after);
      await place(file, cut.data);
      differing += 1;
      progress(file, `ok (downloaded ${REPOS[source].repo}, cut, decodes, ${seconds} s; bytes differ from SHA256SUMS)`);
    } catch (error) {
      progress(file, `FAIL: ${describe(error)}`);
    }
  }
}

async function fetchAll() {
  console.log(`Fetching face fixtures into ${targetDir}`);
  const workDir = await mkdtemp(join(tmpdir(), 'face-fixtures-'));
  try {
    if (await copies()) await clips(workDir);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  const ok = failures === 0 && index === total;
  if (ok) {
    // SOURCES.md marks a complete set (test-support/fixtures.ts looks for it), so it comes last.
    const sumsPath = join(targetDir, 'SHA256SUMS');
    if (!existsSync(sumsPath) || (await readFile(sumsPath, 'utf8')) !== PINNED_SUMS_TEXT) await writeFile(sumsPath, PINNED_SUMS_TEXT);
    await writeSourcesFile(targetDir);
  }
  const extra = (await listFiles(targetDir)).filter((file) => !PINNED.has(file) && !['SOURCES.md', 'SHA256SUMS'].includes(file));
  for (const file of extra) console.log(`note: ${file} is not part of the set (left in place)`);
  if (differing) console.log(`${differing} clip(s) differ in bytes from the reference set (another ffmpeg build or CPU); they decode at the right length. \`--check\` reports them.`);
  console.log(ok ? `All ${total} fixtures ok.` : `${failures} failed, ${total - index} not tried, of ${total} fixtures.`);
  return ok;
}

// ---- Main -------------------------------------------------------------------------------
if (options.mode === 'help') console.log(`${USAGE}\nDefault folder: $FACE_FIXTURES, else ../shared/fixtures.`);
else if (options.mode === 'list') list();
else process.exitCode = (options.mode === 'check' ? await check() : await fetchAll()) ? 0 : 1;
