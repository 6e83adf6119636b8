// Modes on a real file system: created private, tightened when looser,
// refused when the path is not what it should be.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { privateDatabaseFile, privateDir, privateFile, PrivateFilesError } from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'private-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('privateDir', () => {
  it('creates missing dirs 0700', () => {
    const dir = join(root, 'a', 'b');
    privateDir(dir);
    expect(mode(dir)).toBe('700');
  });

  it('tightens an existing dir that others could enter', () => {
    const dir = join(root, 'open');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    privateDir(dir);
    expect(mode(dir)).toBe('700');
  });

  it('refuses a path that is not a directory, naming it', () => {
    const file = join(root, 'not-a-dir');
    writeFileSync(file, 'x');
    expect(() => privateDir(file)).toThrow(PrivateFilesError);
  });
});

describe('privateFile and privateDatabaseFile', () => {
  it('creates a missing file 0600 and keeps its content when it exists', () => {
    const file = join(root, 'new.txt');
    privateFile(file);
    expect(mode(file)).toBe('600');
    writeFileSync(file, 'kept');
    privateFile(file);
    expect(statSync(file).size).toBe(4);
  });

  it('tightens a file others could read', () => {
    const file = join(root, 'open.txt');
    writeFileSync(file, 'x', { mode: 0o644 });
    chmodSync(file, 0o644);
    privateFile(file);
    expect(mode(file)).toBe('600');
  });

  it('refuses a symlink', () => {
    const link = join(root, 'link');
    symlinkSync(join(root, 'open.txt'), link);
    expect(() => privateFile(link)).toThrow(/is not a regular file/);
  });

  it('gives an SQLite database and its WAL files 0600, also when they were created 0644', () => {
    const file = join(root, 'app.sqlite');
    privateDatabaseFile(file);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['600', '600', '600']);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644);
    privateDatabaseFile(file);
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['600', '600', '600']);
    db.close();
  });
});
