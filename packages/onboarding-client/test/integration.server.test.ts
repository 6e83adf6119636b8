// The whole client against the real self-hosted server (its built CLI, run as a process) with
// the real face engine and a real selfie clip: the enrollment and login flow end to end.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../../test-support/onboarding-server.js';
import { fixture, hasFixtures } from './support/fixtures.js';
import { OnboardingApiError, OnboardingClient } from '../src/index.js';

// Two clip analyses on a shared 2-core machine: allow for a busy face queue.
const ANALYSIS_TIMEOUT_MS = 180_000;

describe.skipIf(!hasFixtures)('OnboardingClient against the self-hosted server', () => {
  let server: ServerProcess;
  let client: OnboardingClient;
  const clip = fixture('videos/real-selfie-1.mp4');

  beforeAll(async () => {
    // The client's passive authenticate: no challenge required.
    server = await startServerProcess({ env: { ONBOARDING_WORKERS: '1', ONBOARDING_REQUIRE_CHALLENGE: 'false' } });
    client = new OnboardingClient({ apiKey: server.apiKey, baseUrl: server.url, timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('enrolls, enables, authenticates, reads back, downloads and deletes a user', async () => {
    await expect(client.healthcheck()).resolves.toMatchObject({ status: 'ok' });

    const email = `it-${Date.now()}@example.com`;
    const userId = await client.createUser({ email, firstName: 'Ada' });
    expect(await client.getUserStatus(userId)).toMatchObject({ user_id: userId, email, authorized: false, state: 'NO_SELFIE' });

    const selfie = await client.addSelfie(userId, clip);
    expect(selfie.selfie_id).toEqual(expect.any(String));
    expect(selfie.number_of_faces).toBe(1);

    const report = await client.getReport(userId);
    expect(report).toMatchObject({ user_id: userId, version: 1, summary: { external_user_data: { email }, user_data: [], state: { value: 'TO_REVIEW' } } });
    expect(report.selfies).toHaveLength(1);
    expect(report.selfies[0]).toMatchObject({ id: selfie.selfie_id, voided: false, number_of_faces: 1, challenge: null });

    await client.enableAuthentication(userId, { operator: 'it@example.com' });
    expect(await client.getUserStatus(userId)).toMatchObject({ authorized: true, state: 'SELFIE_VALID', user_state: { value: 'ACCEPTED', operator: 'it@example.com' } });
    await expect(client.getUserState(userId)).resolves.toBe('ACCEPTED');

    const authenticationId = await client.authenticate(userId, await readFile(clip), { filename: 'login.mp4' });
    const authentication = await client.getAuthentication(userId, authenticationId);
    expect(authentication.authentication_id).toBe(authenticationId);
    expect(authentication.challenge).toBeNull();
    // The very same clip as the enrollment: the faces must match.
    expect(authentication.face_matching).toBeGreaterThanOrEqual(50);

    const list = await client.getAuthentications(userId, { pageSize: 10 });
    expect(list.total).toBe(1);
    expect(list.authentications.map((a) => a.authentication_id)).toEqual([authenticationId]);
    await expect(client.getAuthenticationIds(userId)).resolves.toEqual([authenticationId]);

    const video = await client.downloadMedia(userId, authentication.media.video!.href);
    expect(video.contentType).toMatch(/^video\//);
    expect(video.data.length).toBeGreaterThan(1000);
    const face = await client.downloadMedia(userId, report.selfies[0]!.media.cropped_face!.href);
    expect(face.contentType).toBe('image/jpeg');

    const page = await client.getUsers({ filterField: 'email', filterValue: email });
    expect(page.users.map((u) => u.user_id)).toEqual([userId]);

    await client.deleteUser(userId);
    const gone = await client.getUserStatus(userId).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(OnboardingApiError);
    expect(gone).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
  }, ANALYSIS_TIMEOUT_MS);

  it('reports the real server\'s refusals as OnboardingApiErrors', async () => {
    const userId = await client.createUser();
    await expect(client.authenticate(userId, clip)).rejects.toMatchObject({ status: 403, code: 'USER_NOT_AUTHORIZED' });
    await expect(client.getAuthentication(userId, 'no-such-id')).rejects.toMatchObject({ status: 404, code: 'AUTHENTICATION_NOT_FOUND' });
    await expect(client.voidSelfie(userId)).rejects.toMatchObject({ status: 404, code: 'NO_SELFIE' });
    const stranger = new OnboardingClient({ apiKey: 'not-the-key', baseUrl: server.url });
    await expect(stranger.getUsers()).rejects.toMatchObject({ status: 401, code: 'INVALID_API_KEY' });
    await client.deleteUser(userId);
  }, ANALYSIS_TIMEOUT_MS);

  it('gets a challenge, sends its id with a selfie (a challenge check and result in the report), and is refused a second use', async () => {
    const userId = await client.createUser({ email: `challenge-${Date.now()}@example.com` });
    const challenge = await client.createChallenge(userId);
    expect(challenge.challenge_id).toEqual(expect.any(String));
    expect(challenge.steps.length).toBeGreaterThanOrEqual(2);
    expect(challenge.steps.length).toBeLessThanOrEqual(3);
    expect(Date.parse(challenge.expires_at)).toBeGreaterThan(Date.now());
    await client.addSelfie(userId, clip, { challengeId: challenge.challenge_id });
    const { checks, challenge: result } = (await client.getReport(userId)).selfies[0]!;
    expect(checks.find((c) => c.key === 'challenge')).toMatchObject({ value: expect.any(Number), detail: expect.stringContaining(challenge.steps[0]!.kind) });
    // The steps asked, in order, each with what was seen of it.
    expect(result).toMatchObject({ passed: expect.any(Boolean), reason: expect.any(String) });
    expect(result!.steps.map((s) => ({ kind: s.kind, start: s.window_start, end: s.window_end }))).toEqual(challenge.steps);
    expect(result!.passed).toBe(result!.steps.every((s) => s.passed));
    await expect(client.addSelfie(userId, clip, { challengeId: challenge.challenge_id })).rejects.toMatchObject({ status: 409, code: 'CHALLENGE_USED' });
    await expect(client.addSelfie(userId, clip, { challengeId: 'not-a-challenge' })).rejects.toMatchObject({ status: 404, code: 'CHALLENGE_NOT_FOUND' });
    await client.deleteUser(userId);
  }, ANALYSIS_TIMEOUT_MS);

  it('reads the retention schedule, exports a user, lists media downloads and withdraws the biometrics', async () => {
    await expect(client.getRetention()).resolves.toMatchObject({ authentication_video_days: 30, voided_selfie_days: 30, challenge_days: 1 });
    const userId = await client.createUser({ email: `privacy-${Date.now()}@example.com` });
    await client.addSelfie(userId, clip);
    let exported = await client.exportUser(userId);
    expect(exported).toMatchObject({ version: 1, user: { user_id: userId }, authentications: [], media_access: [] });
    expect(exported.report.selfies[0]!.media_expires_at).toBeNull();
    const crop = exported.media[0]!;
    expect(crop).toMatchObject({ kind: 'cropped_face', destroyed_at: null });
    await client.downloadMedia(userId, crop.href!);
    const log = await client.getMediaAccess({ userId, pageSize: 0 });
    expect(log).toMatchObject({ total: 1, pageSize: 0, media_access: [{ media_id: crop.id, token_kind: 'backend_user', api_key: { name: 'generated at start' } }] });

    await expect(client.deleteBiometrics(userId, { operator: 'the person' })).resolves.toEqual({ selfies_deleted: 1, videos_destroyed: 0 });
    exported = await client.exportUser(userId);
    expect(exported.media).toEqual([]);
    expect(exported.user).toMatchObject({ authorized: false, user_state: { value: 'NOT_STARTED', operator: 'the person' } });
    expect(exported.media_access).toHaveLength(1);
    await client.deleteUser(userId);
  }, ANALYSIS_TIMEOUT_MS);
});
