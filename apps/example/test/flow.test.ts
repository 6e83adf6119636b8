// The whole flow over HTTP, without a browser: the example app against a
// real onboarding server with the real face engine, the uploads done the way
// the page does them (user token from the app, straight to the API); consent
// before any recording, the export of the person's data and the withdrawal.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './helpers/fixtures.js';
import { cutClip, stillClip } from './helpers/media.js';
import { startStack, uploadAsBrowser, type Stack } from './helpers/stack.js';
import { WebAgent } from './helpers/web-agent.js';

const EMAIL = 'ada@example.com';

describe.skipIf(!hasFixtures)('sign-up, enrollment and face login over HTTP', () => {
  let stack: Stack;
  const clips = { enroll: '', login: '', other: '', still: '' };
  let userId = '';
  let usedAuthenticationId = '';

  beforeAll(async () => {
    stack = await startStack();
    const a = fixture('videos/real-selfie-1.mp4');
    clips.enroll = await cutClip(a, 0, 3, join(stack.dir, 'a-enroll.mp4'));
    clips.login = await cutClip(a, 0.8, 2.3, join(stack.dir, 'a-login.mp4'));
    clips.other = await cutClip(fixture('videos/real-selfie-2.mp4'), 0, 3, join(stack.dir, 'b.mp4'));
    clips.still = await stillClip(a, 1, 3, join(stack.dir, 'a-still.mp4'));
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function userToken(agent: WebAgent, path: string): Promise<string> {
    const res = await agent.postJson(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return (JSON.parse(res.text) as { token: string }).token;
  }

  const enrollAgent = () => new WebAgent(stack.example.url);
  let enrolling: WebAgent;

  it('signs up, then asks for consent before the camera: no token for a recording until the person agrees', async () => {
    enrolling = enrollAgent();
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
    // Server-side: the page's token endpoint refuses, whatever the browser does.
    const refused = await enrolling.postJson('/enroll/token');
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'CONSENT_REQUIRED' } });
    expect((await enrolling.post('/consent', { purpose: 'enroll' })).status).toBe(400);
    const agreed = await enrolling.post('/consent', { purpose: 'enroll', agree: 'yes' });
    expect(agreed.location).toBe('/enroll');
    const page = await enrolling.get('/enroll');
    expect(page.text).toContain(`data-upload-url="${stack.onboardingUrl}/user/selfie"`);
    const users = await stack.client.getUsers({ filterField: 'email', filterValue: EMAIL });
    expect(users.users).toHaveLength(1);
    userId = users.users[0]?.user_id ?? '';
  });

  it('refuses a second sign-up with the same email', async () => {
    const agent = enrollAgent();
    await agent.get('/signup');
    const res = await agent.post('/signup', { email: EMAIL.toUpperCase() });
    expect(res.status).toBe(409);
    expect(res.text).toContain('already exists');
  });

  it('voids a still-photo selfie and asks for a retry with the reason', async () => {
    const token = await userToken(enrolling, '/enroll/token');
    const upload = await uploadAsBrowser(`${stack.onboardingUrl}/user/selfie`, token, clips.still);
    expect(upload.status).toBe(200);
    const res = await enrolling.post('/enroll/complete', { selfie_id: String(upload.body.selfie_id) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Please try again.');
    expect(res.text).toContain("couldn&#39;t confirm that a live person");
    expect((await stack.client.getUserStatus(userId)).state).toBe('SELFIE_VOIDED');
  });

  it('accepts a live selfie and says it waits for approval', async () => {
    const token = await userToken(enrolling, '/enroll/token');
    const upload = await uploadAsBrowser(`${stack.onboardingUrl}/user/selfie`, token, clips.enroll);
    expect(upload.status).toBe(200);
    const res = await enrolling.post('/enroll/complete', { selfie_id: String(upload.body.selfie_id) });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Waiting for approval');
    expect((await stack.client.getUserStatus(userId)).state).toBe('SELFIE_VALID');
  });

  it('does not start a face login before a reviewer approves', async () => {
    const agent = new WebAgent(stack.example.url);
    await agent.get('/login');
    const res = await agent.post('/login/start', { email: EMAIL });
    expect(res.status).toBe(403);
    expect(res.text).toContain('waiting for approval');
  });

  async function loginWith(clip: string, agent = new WebAgent(stack.example.url)) {
    await agent.get('/login');
    const started = await agent.post('/login/start', { email: EMAIL });
    expect(started.location).toBe('/login/face');
    await agent.get('/login/face');
    const token = await userToken(agent, '/login/token');
    const upload = await uploadAsBrowser(`${stack.onboardingUrl}/user/authenticate`, token, clip);
    expect(upload.status).toBe(200);
    const authenticationId = String(upload.body.authentication_id);
    return { agent, authenticationId, res: await agent.post('/login', { authentication_id: authenticationId }) };
  }

  it('logs in with another clip of the same person and shows both scores', async () => {
    await stack.client.enableAuthentication(userId);
    const { agent, authenticationId, res } = await loginWith(clips.login);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/profile');
    const profile = await agent.get('/profile');
    expect(profile.text).toContain(`data-testid="profile-email">${EMAIL}<`);
    expect(profile.text).toMatch(/data-testid="score-liveness">\d+ \/ 100/);
    expect(profile.text).toMatch(/data-testid="score-matching">\d+ \/ 100/);
    usedAuthenticationId = authenticationId;
  });

  it('refuses the same authentication id a second time', async () => {
    const agent = new WebAgent(stack.example.url);
    await agent.get('/login');
    await agent.post('/login/start', { email: EMAIL });
    const res = await agent.post('/login', { authentication_id: usedAuthenticationId });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-login-failure')).toBe('AUTHENTICATION_REPLAYED');
    expect(res.text).toContain('That face check was already used.');
  });

  it("refuses another person's face with the mismatch reason", async () => {
    const { res } = await loginWith(clips.other);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-login-failure')).toBe('FACE_MISMATCH');
    expect(res.text).toContain('That face doesn&#39;t match the one enrolled for this account.');
  });

  it('refuses a still photo of the right person for liveness', async () => {
    const { res } = await loginWith(clips.still);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-login-failure')).toBe('LIVENESS_TOO_LOW');
    expect(res.text).toContain('live person');
  });

  it('exports the person\'s data from the profile: account, consent, logins with scores, media', async () => {
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
    expect(data.onboarding.authentications.map((a: { face_matching: number }) => a.face_matching).sort()).toEqual(upstream.authentications.map((a) => a.face_matching).sort());
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
    expect((await agent.postJson('/enroll/token')).status).toBe(403);
    const login = new WebAgent(stack.example.url);
    await login.get('/login');
    expect((await login.post('/login/start', { email: EMAIL })).status).toBe(403);
  });
});
