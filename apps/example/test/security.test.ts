// The example app as a stranger sees it, over HTTP against a real onboarding
// server with the real face engine: an anonymous session that names an
// approved email gets nothing that reads that user; the login answers every
// kind of email alike; failed logins limit the stranger's address, not the
// person; a playlist posted as a recording is refused. Clients are told apart
// by X-Forwarded-For from loopback (the app trusts loopback here, as behind a
// proxy). Challenges have fixed steps (look up) so answers can be compared.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './helpers/fixtures.js';
import { cutClip } from './helpers/media.js';
import { startStack, type Stack } from './helpers/stack.js';
import { WebAgent, type WebResponse } from './helpers/web-agent.js';

const APPROVED = 'person.f@example.com';
const EMAILS = { unknown: 'nobody@example.com', signedUp: 'signed.up@example.com', waiting: 'waiting@example.com', approved: APPROVED };

describe.skipIf(!hasFixtures)('what a stranger gets from the example app', () => {
  let stack: Stack;
  const clips = { f: Buffer.alloc(0), other: Buffer.alloc(0) };
  let approvedUserId = '';

  const visitor = (address: string) => {
    const agent = new WebAgent(stack.example.url);
    return { agent, h: { 'x-forwarded-for': address } };
  };

  /** Signs up through the app and enrolls `clip` as the page does. */
  async function enroll(email: string, clip?: Buffer): Promise<string> {
    const { agent, h } = visitor('192.0.2.1');
    await agent.get('/signup');
    await agent.post('/signup', { email }, h);
    if (clip) {
      await agent.get('/consent?for=enroll');
      await agent.post('/consent', { purpose: 'enroll', agree: 'yes' }, h);
      await agent.get('/enroll');
      expect((await agent.postRecording('/enroll/video', clip, {}, h)).status).toBe(200);
      expect((await agent.post('/enroll/complete', {}, h)).status).toBe(200);
    }
    return (await stack.client.getUsers({ filterField: 'email', filterValue: email })).users[0]!.user_id;
  }

  /** The login as the page makes it; every answer kept. */
  async function login(email: string, clip: Buffer, address: string) {
    const { agent, h } = visitor(address);
    const seen: WebResponse[] = [await agent.get('/login')];
    const start = await agent.post('/login/start', { email }, h);
    seen.push(start, await agent.get('/login/face'));
    const attempt = await agent.postJson('/login/attempt', undefined, h);
    seen.push(attempt);
    if (attempt.status !== 200) return { seen, start, attempt, video: undefined, result: undefined };
    const { login_attempt: id } = JSON.parse(attempt.text) as { login_attempt: string };
    const video = await agent.postRecording('/login/video', clip, { login_attempt: id }, h);
    const result = await agent.post('/login', { login_attempt: id }, h);
    seen.push(video, result);
    return { seen, start, attempt, video, result };
  }

  const alertOf = (html: string) => /<div class="notice notice-error" role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';

  beforeAll(async () => {
    stack = await startStack({
      fixedChallengeSteps: () => ['look_up'],
      example: { trustProxy: ['loopback'], loginAnswerFloorMs: 0, loginRefusalFloorMs: 0, loginFailureLimit: { perAccount: 3, perAddress: 6 } },
    });
    // Person F tips her head back about 1 s into her clip: her first 3.5 s answer a look-up challenge.
    const f = fixture('videos/real-selfie-6.mp4');
    const [fClip, other] = await Promise.all([cutClip(f, 0, 3.5, join(stack.dir, 'f.mp4')), cutClip(fixture('videos/real-selfie-2.mp4'), 0, 3, join(stack.dir, 'b.mp4'))]);
    Object.assign(clips, { f: readFileSync(fClip), other: readFileSync(other) });
    approvedUserId = await enroll(APPROVED, clips.f);
    await stack.client.enableAuthentication(approvedUserId);
    await enroll(EMAILS.waiting, clips.f);
    await enroll(EMAILS.signedUp);
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  it("gives an anonymous session that names an approved email no token and nothing that reads the user's status, media or report", async () => {
    const { seen, result } = await login(APPROVED, clips.other, '203.0.113.10');
    expect(result?.status).toBe(401);
    for (const res of seen) {
      const all = `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${res.text}`;
      expect(all).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/); // a JWT
      expect(all).not.toContain(approvedUserId);
      expect(all).not.toMatch(/\/media\/|cropped_face|authentication_id|challenge_id|Bearer/);
      expect(all).not.toContain(stack.onboardingUrl);
    }
    // The routes that handed out user tokens are gone.
    const { agent, h } = visitor('203.0.113.10');
    await agent.get('/login');
    await agent.post('/login/start', { email: APPROVED }, h);
    for (const path of ['/login/token', '/enroll/token']) expect((await agent.postJson(path, undefined, h)).status).toBe(404);
  });

  it('answers an unknown, a signed-up, a waiting and an approved email alike at every step', async () => {
    const answers = [];
    for (const [kind, email] of Object.entries(EMAILS)) {
      const { start, attempt, video, result } = await login(email, clips.other, `198.51.100.${answers.length + 20}`);
      const a = JSON.parse(attempt.text) as Record<string, unknown>;
      answers.push({
        kind,
        start: [start.status, start.location],
        attempt: [attempt.status, Object.keys(a).sort(), a.steps, String(a.login_attempt).length],
        video: [video?.status, Object.keys(JSON.parse(video?.text ?? '{}') as object)],
        result: [result?.status, result?.headers.get('x-login-failure'), alertOf(result?.text ?? '')],
      });
    }
    const [first, ...rest] = answers;
    expect(first!.result).toEqual([401, 'FACE_NOT_VERIFIED', expect.stringContaining('a reviewer may not have approved your face yet')]);
    for (const other of rest) expect({ ...other, kind: first!.kind }).toEqual(first);
  });

  it("limits a stranger's address on an account while the person logs in from theirs", async () => {
    // perAccount 3: the account's failures so far (earlier tests, other addresses) count too.
    const stranger = '203.0.113.66';
    let limited = await login(APPROVED, clips.other, stranger);
    let tries = 1;
    for (; limited.attempt.status === 200 && tries <= 3; tries++) {
      expect(limited.result?.status).toBe(401);
      limited = await login(APPROVED, clips.other, stranger);
    }
    expect(tries).toBeGreaterThan(1);
    expect(limited.attempt.status).toBe(429);
    expect(JSON.parse(limited.attempt.text).error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(limited.attempt.headers.get('retry-after'))).toBeGreaterThan(0);
    const person = await login(APPROVED, clips.f, '198.51.100.7');
    expect(person.result?.status, alertOf(person.result?.text ?? '')).toBe(303);
    expect(person.result?.location).toBe('/profile');
  });

  it('limits one address over all accounts', async () => {
    const sprayer = '203.0.113.77';
    for (let i = 0; i < 6; i++) expect((await login(`user${i}@example.com`, clips.other, sprayer)).result?.status).toBe(401);
    expect((await login('user9@example.com', clips.other, sprayer)).attempt.status).toBe(429);
    expect((await login('user9@example.com', clips.other, '198.51.100.99')).attempt.status).toBe(200);
  });

  it('refuses a playlist posted as a recording with a coded 4xx', async () => {
    const { agent, h } = visitor('192.0.2.50');
    await agent.get('/signup');
    await agent.post('/signup', { email: 'playlist@example.com' }, h);
    await agent.get('/consent?for=enroll');
    await agent.post('/consent', { purpose: 'enroll', agree: 'yes' }, h);
    await agent.get('/enroll');
    const hls = Buffer.from(`#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:3.5,\nfile://${fixture('videos/real-selfie-6.mp4')}\n#EXT-X-ENDLIST\n`);
    const res = await agent.postRecording('/enroll/video', hls, {}, h);
    expect(res.status).toBe(415);
    expect(JSON.parse(res.text).error).toMatchObject({ code: 'NOT_A_VIDEO', message: expect.stringMatching(/^The file is not a video/) });
  });
});
