// Migrations 3 and 4 on a database written before them: the challenge_result
// columns are added, rows already there read as `challenge: null` over HTTP,
// and a result written afterwards reads back as it was stored; an authorized
// user reads ACCEPTED with no recorded state change and no device.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChallengeResult } from '../src/services/face.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { databaseAt, storeFor } from './backend.js';
import { startTestServer } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'onboarding-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = '2026-01-01T00:00:00.000Z';
const CHECKS = [{ key: 'challenge', value: 100, detail: 'All 1 steps were seen in order, each in time. blink at 1.3 s (strength 1.8).' }];

/** A database at schema version 2 with one user, one selfie and one authentication (both made with a challenge). */
async function version2Database(dataDir: string) {
  const ids = { user: randomUUID(), selfie: randomUUID(), auth: randomUUID(), crop: randomUUID(), video: randomUUID() };
  const db = await databaseAt(dataDir, MIGRATIONS.filter((m) => m.version <= 2));
  await db.run(`INSERT INTO users (id, email, created_at, authorized, report_id) VALUES (?, 'old@example.com', ?, 1, ?)`, ids.user, at, randomUUID());
  const media = `INSERT INTO media (id, user_id, kind, content_type, extension, size, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)`;
  await db.run(media, ids.crop, ids.user, 'cropped_face', 'image/jpeg', 'jpeg', at);
  await db.run(media, ids.video, ids.user, 'video', 'video/mp4', 'mp4', at);
  await db.run(`INSERT INTO selfies (id, user_id, created_at, liveness, number_of_faces, checks, template, cropped_face_media_id, challenge_id)
    VALUES (?, ?, ?, 90, 1, ?, ?, ?, 'old-challenge')`, ids.selfie, ids.user, at, JSON.stringify(CHECKS), Buffer.alloc(512), ids.crop);
  await db.run(`INSERT INTO authentications (id, user_id, created_at, face_liveness, face_matching, passed, checks, video_media_id, challenge_id)
    VALUES (?, ?, ?, 90, 95, 1, ?, ?, 'old-challenge-2')`, ids.auth, ids.user, at, JSON.stringify(CHECKS), ids.video);
  expect(Number((await db.get('SELECT MAX(version) AS v FROM schema_migrations'))?.v)).toBe(2);
  await db.close();
  return ids;
}

describe('migration 3 (challenge results)', () => {
  it('keeps the rows written before it, with no challenge result', async () => {
    const dataDir = mkdtempSync(join(dir, 'http-'));
    const ids = await version2Database(dataDir);
    const s = await startTestServer({ dataDir });
    try {
      const token = await s.backendUserToken(ids.user);
      const report = ((await (await s.get('/user/report', token)).json()) as { report: { selfies: Record<string, unknown>[] } }).report;
      expect(report.selfies).toEqual([expect.objectContaining({ id: ids.selfie, checks: CHECKS, challenge: null })]);
      const auth = ((await (await s.get(`/user/authentication/${ids.auth}`, token)).json()) as { authentication: Record<string, unknown> }).authentication;
      expect(auth).toMatchObject({ authentication_id: ids.auth, checks: CHECKS, challenge: null });
      // Migration 4: an authorized user from before it reads ACCEPTED, with no recorded change and no device.
      const status = ((await (await s.get('/user/status', token)).json()) as { user: Record<string, unknown> }).user;
      expect(status).toMatchObject({ authorized: true, user_state: { value: 'ACCEPTED', operator: null, update_reasons: null, updated_at: null }, device: null });
    } finally {
      await s.stop();
    }
  });

  it('adds nullable columns, and the store reads back the result it wrote', async () => {
    const dataDir = mkdtempSync(join(dir, 'store-'));
    const ids = await version2Database(dataDir);
    const store = await storeFor(dataDir);
    try {
      expect((await store.listSelfies(ids.user))[0]!.challengeResult).toBeNull();
      expect((await store.getAuthentication(ids.user, ids.auth))!.challengeResult).toBeNull();
      const challengeResult: ChallengeResult = {
        passed: false,
        reason: 'Step 2 (smile) was not seen.',
        steps: [
          { kind: 'blink', start: 1, end: 3.5, seen: true, at: 1.3, strength: 1.8, inWindow: true, inOrder: true, passed: true },
          { kind: 'smile', start: 3, end: 5.5, seen: false, at: null, strength: null, inWindow: false, inOrder: false, passed: false },
        ],
      };
      const id = randomUUID();
      const mediaId = randomUUID();
      await store.addAuthentication(
        { id: mediaId, userId: ids.user, kind: 'video', contentType: 'video/mp4', extension: 'mp4', size: 1, createdAt: at },
        { id, userId: ids.user, createdAt: at, faceLiveness: 40, faceMatching: 95, passed: false, checks: [], videoMediaId: mediaId, videoExtension: 'mp4', challengeId: 'c', challengeResult, clientKey: null },
      );
      expect((await store.getAuthentication(ids.user, id))!.challengeResult).toEqual(challengeResult);
    } finally {
      await store.close();
    }
  });
});
