// The whole flow over HTTP, without a browser: the example app against a
// real onboarding server with the real face engine, the uploads done the way
// the page does them (user token from the app, straight to the API). The
// login here is passive (no challenge_id): the app and the server are set up
// for that; test/e2e-challenge.test.ts logs in with a challenge.
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
    stack = await startStack({ loginChallenge: false });
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

  it('signs up: creates the onboarding user and opens the enrollment page', async () => {
    enrolling = enrollAgent();
    await enrolling.get('/signup');
    const res = await enrolling.post('/signup', { email: EMAIL });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/enroll');
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
});
