// The whole flow over HTTP, without a browser: the example app against a
// real onboarding server with the real face engine, the recordings posted to
// the app as the page posts them (multipart, CSRF header), forwarded by the
// app; consent before any recording, the export of the person's data and the
// withdrawal. Passive login here: the app and the server are set up for it
// (test/e2e-challenge.test.ts has the challenge).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './helpers/fixtures.js';
import { cutClip, stillClip } from './helpers/media.js';
import { startStack, type Stack } from './helpers/stack.js';
import { WebAgent } from './helpers/web-agent.js';

const EMAIL = 'ada@example.com';
/** A score as a page would print one ("87 / 100"), or a score's name next to a number. */
const SCORE = /\d+\s*\/\s*100|(liveness|match(ing)?)\W{0,3}\d/i;

describe.skipIf(!hasFixtures)('sign-up, enrollment and face login over HTTP', () => {
  let stack: Stack;
  const clips = { enroll: Buffer.alloc(0), login: Buffer.alloc(0), other: Buffer.alloc(0), still: Buffer.alloc(0) };
  let userId = '';

  beforeAll(async () => {
    stack = await startStack({ loginChallenge: false, example: { loginAnswerFloorMs: 0, loginRefusalFloorMs: 0 } });
    const a = fixture('videos/real-selfie-1.mp4');
    const [enroll, login, other, still] = await Promise.all([
      cutClip(a, 0, 3, join(stack.dir, 'a-enroll.mp4')),
      cutClip(a, 0.8, 2.3, join(stack.dir, 'a-login.mp4')),
      cutClip(fixture('videos/real-selfie-2.mp4'), 0, 3, join(stack.dir, 'b.mp4')),
      stillClip(a, 1, 3, join(stack.dir, 'a-still.mp4')),
    ]);
    Object.assign(clips, { enroll: readFileSync(enroll), login: readFileSync(login), other: readFileSync(other), still: readFileSync(still) });
  });

  afterAll(async () => {
    await stack?.close();
  });

  let enrolling: WebAgent;

  it('signs up, then asks for consent before the camera: no recording taken until the person agrees', async () => {
    enrolling = new WebAgent(stack.example.url);
    await enrolling.get('/signup');
    const res = await enrolling.post('/signup', { email: EMAIL });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/enroll');
    expect((await enrolling.get('/enroll')).location).toBe('/consent?for=enroll');
    const consent = await enrolling.get('/consent?for=enroll');
    // The retention the API publishes, in the text; no camera script on the page.
    expect(consent.text).toContain('data-testid="login-video-days">30 days<');
    expect(consent.text).toContain('data-testid="voided-selfie-days">30 days<');
    expect(consent.text).not.toContain('capture-page.js');
    // Server-side: the recording route refuses, whatever the browser does.
    const refused = await enrolling.postRecording('/enroll/video', clips.enroll);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'CONSENT_REQUIRED' } });
    expect((await enrolling.post('/consent', { purpose: 'enroll' })).status).toBe(400);
    const agreed = await enrolling.post('/consent', { purpose: 'enroll', agree: 'yes' });
    expect(agreed.location).toBe('/enroll');
    const page = await enrolling.get('/enroll');
    expect(page.text).toContain('upload-url="/enroll/video"');
    expect(page.text).not.toContain(stack.onboardingUrl);
    const users = await stack.client.getUsers({ filterField: 'email', filterValue: EMAIL });
    expect(users.users).toHaveLength(1);
    userId = users.users[0]?.user_id ?? '';
  });

  it('refuses a second sign-up with the same email', async () => {
    const agent = new WebAgent(stack.example.url);
    await agent.get('/signup');
    const res = await agent.post('/signup', { email: EMAIL.toUpperCase() });
    expect(res.status).toBe(409);
    expect(res.text).toContain('already exists');
  });

  it('voids a still-photo selfie and asks for a retry with the reason, no score', async () => {
    const upload = await enrolling.postRecording('/enroll/video', clips.still);
    expect(upload.status).toBe(200);
    expect(JSON.parse(upload.text)).toEqual({ received: true });
    const res = await enrolling.post('/enroll/complete');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Please try again.');
    expect(res.text).toContain("couldn&#39;t confirm that a live person");
    expect(res.text).not.toMatch(SCORE);
    expect((await stack.client.getUserStatus(userId)).state).toBe('SELFIE_VOIDED');
  });

  it('accepts a live selfie and says it waits for approval, no score', async () => {
    expect((await enrolling.postRecording('/enroll/video', clips.enroll)).status).toBe(200);
    const res = await enrolling.post('/enroll/complete');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Waiting for approval');
    expect(res.text).not.toMatch(SCORE);
    expect((await stack.client.getUserStatus(userId)).state).toBe('SELFIE_VALID');
  });

  /** Email step, an attempt, the recording, POST /login: as the page does it. */
  async function loginWith(clip: Buffer, agent = new WebAgent(stack.example.url)) {
    await agent.get('/login');
    expect((await agent.post('/login/start', { email: EMAIL })).location).toBe('/login/face');
    await agent.get('/login/face');
    const attempt = await agent.postJson('/login/attempt');
    expect(attempt.status).toBe(200);
    const { login_attempt: id, steps } = JSON.parse(attempt.text) as { login_attempt: string; steps: unknown[] };
    expect(steps).toEqual([]);
    const upload = await agent.postRecording('/login/video', clip, { login_attempt: id });
    expect(upload.status).toBe(200);
    return { agent, id, res: await agent.post('/login', { login_attempt: id }) };
  }

  it('does not log in before a reviewer approves, and says so without telling whether the email is enrolled', async () => {
    const { res } = await loginWith(clips.login);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-login-failure')).toBe('FACE_NOT_VERIFIED');
    expect(res.text).toContain('a reviewer may not have approved your face yet');
  });

  it('logs in with another clip of the same person; the profile shows no score', async () => {
    await stack.client.enableAuthentication(userId);
    const { agent, res } = await loginWith(clips.login);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/profile');
    const profile = await agent.get('/profile');
    expect(profile.text).toContain(`data-testid="profile-email">${EMAIL}<`);
    expect(profile.text).not.toMatch(SCORE);
  });

  it('decides an attempt once: its id posted again is a request to record again', async () => {
    const { agent, id } = await loginWith(clips.other);
    const again = await agent.post('/login', { login_attempt: id });
    expect(again.status).toBe(400);
    expect(again.headers.get('x-login-failure')).toBe('NO_RECORDING');
  });

  it("refuses another person's face as not verified, with guidance and no score", async () => {
    const { res } = await loginWith(clips.other);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-login-failure')).toBe('FACE_NOT_VERIFIED');
    expect(res.text).toContain('Look straight at the camera in good, even light');
    expect(res.text).not.toMatch(SCORE);
  });

  it('refuses a still photo of the right person for liveness, saying what to change and no score', async () => {
    const { res } = await loginWith(clips.still);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-login-failure')).toBe('LIVENESS_TOO_LOW');
    expect(res.text).toContain('live person');
    expect(res.text).not.toMatch(SCORE);
  });

  it('lets no selfie join an approved enrollment through the app', async () => {
    const agent = new WebAgent(stack.example.url);
    await agent.get('/signup');
    await agent.post('/signup', { email: 'grace@example.com' });
    await agent.get('/consent?for=enroll');
    await agent.post('/consent', { purpose: 'enroll', agree: 'yes' });
    await agent.get('/enroll');
    expect((await agent.postRecording('/enroll/video', clips.enroll)).status).toBe(200);
    const grace = (await stack.client.getUsers({ filterField: 'email', filterValue: 'grace@example.com' })).users[0]!.user_id;
    await stack.client.enableAuthentication(grace); // approved before this session finished enrolling
    const res = await agent.postRecording('/enroll/video', clips.other);
    expect(res.status).toBe(409);
    expect(JSON.parse(res.text).error).toEqual({ code: 'AUTHENTICATION_ENABLED', message: 'This account is already approved: log in with your face instead.' });
    expect((await stack.client.getReport(grace)).selfies).toHaveLength(1);
  });

  it('exports the person\'s data from the profile: account, consent, logins and media, without scores', async () => {
    const { agent, res } = await loginWith(clips.login);
    expect(res.location).toBe('/profile');
    const profile = await agent.get('/profile');
    expect(profile.text).toMatch(/data-testid="consent-status">You agreed to version 1 /);
    const file = await agent.post('/profile/export');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="face-login-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = JSON.parse(file.text);
    expect(data).toMatchObject({ format: 'face-login-example-export', version: 1, account: { email: EMAIL, onboarding_user_id: userId } });
    expect(data.consents).toEqual([expect.objectContaining({ version: '1', authentication_video_days: 30, withdrawn_at: null })]);
    const upstream = await stack.client.getAuthentications(userId, { pageSize: 0 });
    expect(data.onboarding.authentications.map((a: { authentication_id: string }) => a.authentication_id).sort()).toEqual(upstream.authentications.map((a) => a.authentication_id).sort());
    expect(file.text).not.toMatch(/face_matching|face_liveness|"liveness"|"checks"/);
    expect(data.onboarding.report.selfies).toHaveLength(2);
    // Every media file that exists, whole: a crop per selfie still kept, a video per login.
    const live = data.onboarding.media.filter((m: { href: string | null }) => m.href);
    expect(data.media.map((m: { id: string }) => m.id).sort()).toEqual(live.map((m: { id: string }) => m.id).sort());
    for (const m of data.media as Array<{ id: string; data_base64: string }>) {
      const bytes = Buffer.from(m.data_base64, 'base64');
      expect(bytes.length).toBe(live.find((x: { id: string }) => x.id === m.id).size);
    }
    // The export's downloads went through this app's key, and the API recorded them.
    const log = await stack.client.getMediaAccess({ userId, pageSize: 0 });
    expect(log.total).toBeGreaterThanOrEqual(data.media.length);
  });

  it('withdraws consent: the face data is deleted at the API, face login stops, and the record says so', async () => {
    const { agent } = await loginWith(clips.login);
    await agent.get('/profile');
    const before = await stack.client.getUserStatus(userId);
    expect((await agent.post('/consent/withdraw', {})).status).toBe(400);
    const res = await agent.post('/consent/withdraw', { confirm: 'yes' });
    expect(res.status).toBe(200);
    const counts = /data-testid="withdrawn-counts">([^<]*)</.exec(res.text)?.[1]?.replace(/\s+/g, ' ');
    expect(counts).toBe(`${before.selfies} enrollment pictures with their templates and ${before.authentications} login videos`);
    const status = await stack.client.getUserStatus(userId);
    expect(status).toMatchObject({ authorized: false, selfies: 0, state: 'NO_SELFIE' });
    const exported = await stack.client.exportUser(userId);
    expect(exported.media.every((m) => m.destroyed_at !== null)).toBe(true);
    expect(exported.authentications.every((a) => a.face_liveness !== undefined && a.media_destroyed_at)).toBe(true);
    expect((await agent.get('/profile')).text).toMatch(/data-testid="consent-status">You withdrew your consent on/);
    // Enrolling again starts with the consent page; logging in is refused (no face enrolled, not approved).
    expect((await agent.get('/enroll')).location).toBe('/consent?for=enroll');
    expect((await agent.postRecording('/enroll/video', clips.enroll)).status).toBe(403);
    // A login now finds no face to match, and is answered like any refused login.
    const { res: refusedLogin } = await loginWith(clips.login);
    expect(refusedLogin.status).toBe(401);
    expect(refusedLogin.headers.get('x-login-failure')).toBe('FACE_NOT_VERIFIED');
  });
});
