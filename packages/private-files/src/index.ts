// Where the apps keep face templates, emails, sessions and keys: a data dir
// only its owner can enter (0700) and files only its owner can read (0600).
// A dir or file that exists with looser modes is tightened; when that is not
// possible (another owner, a read-only mount), the app refuses to start with
// a message naming the path and the fix, rather than keep data readable.
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, type Stats } from 'node:fs';

export class PrivateFilesError extends Error {
  readonly code = 'ERR_PRIVATE_FILES';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PrivateFilesError';
  }
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0');

function tighten(path: string, stats: Stats, wanted: number, what: string, fix: string): void {
  if ((stats.mode & 0o077) === 0) return;
  try {
    chmodSync(path, wanted);
  } catch (cause) {
    throw new PrivateFilesError(
      `The ${what} ${path} is open to other users (mode ${octal(stats.mode)}) and could not be made private: ${fix}`,
      { cause },
    );
  }
}

/** Creates `dir` (and missing parents) with mode 0700, or tightens an existing one to 0700. */
export function privateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (cause) {
    throw new PrivateFilesError(`The data dir ${dir} could not be created: ${(cause as Error).message}`, { cause });
  }
  const stats = lstatSync(dir);
  if (!stats.isDirectory()) throw new PrivateFilesError(`The data dir ${dir} is not a directory.`);
  tighten(dir, stats, 0o700, 'data dir', `run \`chmod 700 ${dir}\` as its owner, or choose another data dir.`);
}

/**
 * Makes sure `file` exists with mode 0600 before anything writes to it (SQLite
 * then gives its -wal and -shm files the same mode), tightening an existing one.
 */
export function privateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  const stats = lstatSync(file);
  if (!stats.isFile()) throw new PrivateFilesError(`${file} is not a regular file.`);
  tighten(file, stats, 0o600, 'file', `run \`chmod 600 ${file}\` as its owner.`);
}

/** privateFile for an SQLite database, and the same mode on its companions (-wal, -shm, -journal) that already exist. */
export function privateDatabaseFile(file: string): void {
  privateFile(file);
  for (const companion of [`${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    let stats: Stats;
    try {
      stats = lstatSync(companion);
    } catch {
      continue;
    }
    tighten(companion, stats, 0o600, 'file', `run \`chmod 600 ${companion}\` as its owner.`);
  }
}
