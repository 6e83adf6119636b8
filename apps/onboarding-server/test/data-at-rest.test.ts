// Modes of what the server keeps, on a real data dir: a dir that already
// exists open to others is made private, the SQLite file (templates, emails)
// and its WAL files, the key and the media dirs are the owner's only, also
// when an earlier version left them readable. And the healthcheck says which
// ffmpeg decodes uploads. The SQLite backend only: on PostgreSQL and S3 the
// data dir holds no database and no media.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onPostgres } from './backend.js';
import { startTestServer } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'onboarding-at-rest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe.skipIf(onPostgres)('data at rest', () => {
  it('makes a data dir left open private, and creates every file 0600 and every dir 0700', async () => {
    const dataDir = join(root, 'open');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const s = await startTestServer({ dataDir });
    try {
      await s.createUser({ email: 'a@example.com' });
      const files = readdirSync(dataDir).sort();
      expect(files).toEqual(expect.arrayContaining(['jwt-secret.key', 'media', 'onboarding.sqlite', 'onboarding.sqlite-wal', 'tmp']));
      expect(Object.fromEntries(['.', ...files].map((f) => [f, mode(join(dataDir, f))]))).toEqual({
        '.': '700', media: '700', tmp: '700', ...Object.fromEntries(files.filter((f) => !['media', 'tmp'].includes(f)).map((f) => [f, '600'])),
      });
    } finally {
      await s.stop();
    }
  });

  it('tightens a database an earlier version created 0644', async () => {
    const dataDir = join(root, 'old');
    mkdirSync(dataDir, { mode: 0o700 });
    writeFileSync(join(dataDir, 'onboarding.sqlite'), '', { mode: 0o644 });
    chmodSync(join(dataDir, 'onboarding.sqlite'), 0o644);
    const s = await startTestServer({ dataDir });
    try {
      expect(mode(join(dataDir, 'onboarding.sqlite'))).toBe('600');
    } finally {
      await s.stop();
    }
  });

  it('says at /healthcheck which ffmpeg decodes uploads, without its path', async () => {
    const s = await startTestServer();
    try {
      const body = (await (await s.get('/healthcheck')).json()) as Record<string, unknown>;
      expect(body).toEqual({ status: 'ok', version: expect.any(String), ffmpeg: { source: expect.stringMatching(/^(FFMPEG_PATH|PATH|bundled)$/), version: expect.stringMatching(/^\S+$/) } });
    } finally {
      await s.stop();
    }
  });
});
