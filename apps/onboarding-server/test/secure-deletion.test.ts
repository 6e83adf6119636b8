// Deletion that leaves nothing behind: after DELETE /user (and after a
// withdrawal, DELETE /user/biometrics) a byte-for-byte copy of the database
// files (main, -wal, -shm) holds neither the email nor any 16-byte window of
// the face template, and the media files are gone. The same copies taken
// before the deletion do hold them, so the search can fail. SQLite's files
// only: what PostgreSQL keeps on disk is in SECURITY.md.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from './backend.js';
import { fixture, hasFixtures } from './fixtures.js';
import { startTestServer, videoForm, type TestServer } from './helpers.js';
import { segment } from './media.js';

const DB_FILES = ['onboarding.sqlite', 'onboarding.sqlite-wal', 'onboarding.sqlite-shm'];

/** Byte-for-byte copies of the database files that exist now, read back. */
function copyDatabase(dataDir: string, into: string): Buffer[] {
  return DB_FILES.filter((f) => existsSync(join(dataDir, f))).map((f) => {
    const copy = join(into, `${f}-${Date.now()}-${Math.random()}`);
    copyFileSync(join(dataDir, f), copy);
    return readFileSync(copy);
  });
}

/**
 * Every 16-byte window of the template that says something: at least 8
 * distinct byte values. The template holds exact zeros (ReLU outputs), and a
 * window of one byte and fifteen zeros also occurs by chance in the -shm
 * index or any zeroed page.
 */
function windows(template: Buffer): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 16 <= template.length; i++) {
    const w = template.subarray(i, i + 16);
    if (new Set(w).size >= 8) out.add(w.toString('latin1'));
  }
  return out;
}

/** How many of the windows occur anywhere in the files. */
function windowsFound(files: Buffer[], wanted: Set<string>): number {
  const found = new Set<string>();
  for (const file of files) {
    const text = file.toString('latin1');
    for (let i = 0; i + 16 <= text.length; i++) {
      const w = text.slice(i, i + 16);
      if (wanted.has(w)) found.add(w);
    }
  }
  return found.size;
}

const contains = (files: Buffer[], bytes: Buffer) => files.some((f) => f.includes(bytes));

describe.skipIf(!hasFixtures || onPostgres)('deletion leaves no email or template bytes in the database files', () => {
  let s: TestServer;
  let dir: string;
  let clip = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-erase-'));
    clip = segment(fixture('videos/real-selfie-2.mp4'), 0, 2, join(dir, 'enroll.mp4'));
    s = await startTestServer({ workers: 1, maxQueue: 2, warmEngine: true });
  });
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A user with an email and a real template (the engine on a fixture clip), and that template's bytes. */
  async function enrolled(email: string): Promise<{ userId: string; template: Buffer }> {
    const userId = await s.createUser({ email });
    expect((await s.send('POST', '/user/selfie', await s.userToken(userId), videoForm(readFileSync(clip)))).status).toBe(200);
    const db = new Database(join(s.dataDir, 'onboarding.sqlite'), { readonly: true });
    try {
      const row = db.prepare('SELECT template FROM selfies WHERE user_id = ?').get(userId) as { template: Buffer };
      return { userId, template: Buffer.from(row.template) };
    } finally {
      db.close();
    }
  }

  it('DELETE /user: no byte sequence of the email, the template or any 16-byte window of it; media files gone', async () => {
    const email = 'erase.me.completely@example.org';
    const { userId, template } = await enrolled(email);
    expect(template.length).toBeGreaterThan(1000);
    const wanted = windows(template);
    expect(wanted.size).toBeGreaterThan(template.length / 2);
    expect(await s.mediaFiles()).toHaveLength(1);

    const before = copyDatabase(s.dataDir, dir);
    expect(contains(before, Buffer.from(email))).toBe(true);
    // The template spans overflow pages, so whole it is split; its windows are there.
    expect(windowsFound(before, wanted)).toBeGreaterThan(wanted.size * 0.9);

    expect((await s.send('DELETE', '/user', await s.backendUserToken(userId))).status).toBe(200);
    const after = copyDatabase(s.dataDir, dir);
    expect(contains(after, Buffer.from(email))).toBe(false);
    expect(contains(after, template)).toBe(false);
    expect(windowsFound(after, wanted)).toBe(0);
    expect(await s.mediaFiles()).toEqual([]);
    expect(readFileSync(join(s.dataDir, 'onboarding.sqlite-wal')).length).toBe(0);
  });

  it('DELETE /user/biometrics (withdrawal): the template and the crop go, the user and the scores stay', async () => {
    const email = 'withdraws.consent@example.org';
    const { userId, template } = await enrolled(email);
    const wanted = windows(template);
    const bu = await s.backendUserToken(userId);
    expect(windowsFound(copyDatabase(s.dataDir, dir), wanted)).toBeGreaterThan(wanted.size * 0.9);

    const res = await s.send('DELETE', '/user/biometrics', bu);
    expect(await res.json()).toEqual({ message: 'Ok', selfies_deleted: 1, videos_destroyed: 0 });
    const after = copyDatabase(s.dataDir, dir);
    expect(windowsFound(after, wanted)).toBe(0);
    expect(contains(after, Buffer.from(email))).toBe(true); // the account itself stays
    expect(await s.mediaFiles()).toEqual([]);
  });
});
