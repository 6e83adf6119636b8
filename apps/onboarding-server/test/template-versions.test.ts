// Templates of an older face engine are never compared with new ones: a user
// whose valid selfies all hold version-1 templates (dlib alone, written
// before migration 4) is flagged for re-enrolment and refused at
// authentication with 409, until a new selfie is added.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEMPLATE_VERSION } from '@alice-face/face-engine/template-format';
import { MIGRATIONS } from '../src/store/migrations.js';
import { databaseAt } from './backend.js';
import { fixture, hasFixtures } from './fixtures.js';
import { errorOf, startTestServer, videoForm } from './helpers.js';
import { segment } from './media.js';

const dir = mkdtempSync(join(tmpdir(), 'onboarding-template-versions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database at schema version 3 with one authorized user and one valid selfie holding a 128-value (version-1) template. */
async function version3Database(dataDir: string): Promise<string> {
  const user = randomUUID();
  const crop = randomUUID();
  const at = '2026-01-01T00:00:00.000Z';
  const db = await databaseAt(dataDir, MIGRATIONS.filter((m) => m.version <= 3));
  await db.run(`INSERT INTO users (id, email, created_at, authorized, report_id) VALUES (?, 'old@example.com', ?, 1, ?)`, user, at, randomUUID());
  await db.run(`INSERT INTO media (id, user_id, kind, content_type, extension, size, created_at) VALUES (?, ?, 'cropped_face', 'image/jpeg', 'jpeg', 1, ?)`, crop, user, at);
  await db.run(`INSERT INTO selfies (id, user_id, created_at, liveness, number_of_faces, checks, template, cropped_face_media_id)
    VALUES (?, ?, ?, 90, 1, '[]', ?, ?)`, randomUUID(), user, at, Buffer.alloc(512), crop);
  await db.close();
  return user;
}

describe.skipIf(!hasFixtures)('template versions', () => {
  it('flags a version-1 enrolment, refuses to authenticate against it, and clears once a new selfie is added', async () => {
    expect(TEMPLATE_VERSION).toBeGreaterThan(1);
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const userId = await version3Database(dataDir);
    const s = await startTestServer({ dataDir, requireChallenge: false }); // a passive authentication, refused for the template version
    try {
      const token = await s.backendUserToken(userId);
      const status = async () => ((await (await s.get('/user/status', token)).json()) as { user: Record<string, unknown> }).user;
      expect(await status()).toMatchObject({ state: 'SELFIE_VALID', valid_selfies: 1, reenrollment_required: true });

      const clip = readFileSync(segment(fixture('videos/real-selfie-2.mp4'), 0, 2, join(dataDir, 'clip.mp4')));
      const refused = await s.send('POST', '/user/authenticate', token, videoForm(clip, 'clip.mp4', 'video/mp4'));
      expect(await errorOf(refused)).toMatchObject({ status: 409, code: 'REENROLLMENT_REQUIRED' });

      const added = await s.send('POST', '/user/selfie', token, videoForm(clip, 'clip.mp4', 'video/mp4'));
      expect(added.status).toBe(200);
      expect(await status()).toMatchObject({ valid_selfies: 2, reenrollment_required: false });
    } finally {
      await s.stop();
    }
  }, 120_000);
});
