// Active-liveness challenges over HTTP with the real face engine: issuance,
// binding to the user, single use, expiry, the cap on face_liveness when the
// clip does not show the steps, the structured result beside the `challenge`
// check, passive authentication when the setting is off, and the default, which requires one. The steps are chosen through the test-only
// `fixedChallengeSteps` hook so that a fixture clip can answer them:
// real-selfie-3 blinks at 1.3 s (inside the first window, 1.0-3.5 s) and
// never turns its head.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { fixture, hasFixtures } from './fixtures.js';
import { errorOf, startTestServer, videoForm, type TestServer } from './helpers.js';

type Check = { key: string; value: number | null; detail: string };
type StepResult = { kind: string; window_start: number; window_end: number; seen: boolean; at: number | null; strength: number | null; in_window: boolean; in_order: boolean; passed: boolean };
type ChallengeResult = { passed: boolean; reason: string; steps: StepResult[] };
type Authentication = { authentication_id: string; face_liveness: number; checks: Check[]; challenge: ChallengeResult | null };
type Challenge = { challenge_id: string; steps: { kind: string; start: number; end: number }[]; expires_at: string };
const KINDS = ['turn_left', 'turn_right', 'look_up', 'blink', 'smile', 'open_mouth'];

describe('ONBOARDING_REQUIRE_CHALLENGE', () => {
  it('is on unless set to false or 0, and names itself when the value is wrong', () => {
    expect(loadConfig({}).requireChallenge).toBe(true);
    expect(loadConfig({ ONBOARDING_REQUIRE_CHALLENGE: '' }).requireChallenge).toBe(true);
    expect(loadConfig({ ONBOARDING_REQUIRE_CHALLENGE: 'true' }).requireChallenge).toBe(true);
    expect(loadConfig({ ONBOARDING_REQUIRE_CHALLENGE: '1' }).requireChallenge).toBe(true);
    expect(loadConfig({ ONBOARDING_REQUIRE_CHALLENGE: 'false' }).requireChallenge).toBe(false);
    expect(loadConfig({ ONBOARDING_REQUIRE_CHALLENGE: '0' }).requireChallenge).toBe(false);
    expect(() => loadConfig({ ONBOARDING_REQUIRE_CHALLENGE: 'off' })).toThrow(ConfigError);
    expect(() => loadConfig({ ONBOARDING_REQUIRE_CHALLENGE: 'off' })).toThrow(/ONBOARDING_REQUIRE_CHALLENGE/);
  });
});

describe.skipIf(!hasFixtures)('challenges', () => {
  let s: TestServer;
  let fixed: string[] | undefined;
  let userA = '', userB = '';
  const t = { a: '', aBackend: '', b: '' };
  const clip = () => readFileSync(fixture('videos/real-selfie-3.mp4'));
  const challenge = async (token: string, steps?: string[]): Promise<Challenge> => {
    fixed = steps;
    const res = await s.send('POST', '/user/challenge', token);
    expect(res.status).toBe(200);
    return (await res.json()) as Challenge;
  };
  const upload = (path: string, token: string, challengeId?: string) => {
    const form = videoForm(clip(), 'clip.mp4', 'video/mp4');
    if (challengeId !== undefined) form.append('challenge_id', challengeId);
    return s.send('POST', path, token, form);
  };
  const authenticate = async (challengeId?: string): Promise<Authentication> => {
    const res = await upload('/user/authenticate', t.a, challengeId);
    expect(res.status).toBe(200);
    const { authentication_id } = (await res.json()) as { authentication_id: string };
    return ((await (await s.get(`/user/authentication/${authentication_id}`, t.aBackend)).json()) as { authentication: Authentication }).authentication;
  };
  /** A step the clip did not show, in the first window (1.0-3.5 s) or the second (3.0-5.5 s). */
  const missed = (kind: string, k: number) => ({
    kind, window_start: 1 + 2 * k, window_end: 3.5 + 2 * k, seen: false, at: null, strength: null, in_window: false, in_order: false, passed: false,
  });

  beforeAll(async () => {
    // Off here so one test can show a passive authentication; the last test starts a server with the default.
    s = await startTestServer({ workers: 1, warmEngine: true, fixedChallengeSteps: () => fixed, requireChallenge: false });
    userA = await s.createUser({ email: 'a@example.com' });
    userB = await s.createUser({ email: 'b@example.com' });
    t.a = await s.userToken(userA);
    t.aBackend = await s.backendUserToken(userA);
    t.b = await s.userToken(userB);
  }, 120_000);
  afterAll(async () => s?.stop());

  it('issues 2 or 3 distinct random steps in consecutive windows, valid 60 s, to user and backend-with-user tokens only', async () => {
    const lengths = new Set<number>();
    for (let k = 0; k < 16; k++) {
      const c = await challenge(k % 2 ? t.a : t.aBackend);
      lengths.add(c.steps.length);
      expect(new Set(c.steps.map((x) => x.kind)).size).toBe(c.steps.length);
      for (const x of c.steps) expect(KINDS).toContain(x.kind);
      c.steps.forEach((x, i) => { expect(x.end).toBeGreaterThan(x.start); if (i) expect(x.start).toBeGreaterThan(c.steps[i - 1]!.start); });
      expect(Date.parse(c.expires_at) - Date.now()).toBeLessThanOrEqual(60_000);
      expect(Date.parse(c.expires_at) - Date.now()).toBeGreaterThan(50_000);
    }
    expect([...lengths].sort()).toEqual([2, 3]);
    expect((await s.send('POST', '/user/challenge', await s.backendToken())).status).toBe(403);
    expect((await s.send('POST', '/user/challenge', undefined)).status).toBe(401);
  });

  it("refuses another user's challenge as not found, before any analysis", async () => {
    const c = await challenge(t.a, ['blink']);
    expect(await errorOf(await upload('/user/selfie', t.b, c.challenge_id))).toMatchObject({ status: 404, code: 'CHALLENGE_NOT_FOUND' });
    expect(await errorOf(await upload('/user/selfie', t.b, 'no-such-challenge'))).toMatchObject({ status: 404, code: 'CHALLENGE_NOT_FOUND' });
  });

  it('enrols with a challenge the clip answers (check and structured result in the report), and refuses the same challenge a second time', async () => {
    const c = await challenge(t.a, ['blink']);
    const res = await upload('/user/selfie', t.a, c.challenge_id);
    expect(res.status).toBe(200);
    const report = ((await (await s.get('/user/report', t.aBackend)).json()) as { report: { selfies: { checks: Check[]; challenge: ChallengeResult | null }[] } }).report;
    const check = report.selfies[0]!.checks.find((x) => x.key === 'challenge');
    expect(check).toMatchObject({ value: 100, detail: expect.stringMatching(/blink at 1\.\d s/) });
    const result = report.selfies[0]!.challenge!;
    expect(result).toEqual({
      passed: true,
      reason: 'All 1 steps were seen in order, each in time.',
      steps: [{ kind: 'blink', window_start: 1, window_end: 3.5, seen: true, at: expect.any(Number), strength: expect.any(Number), in_window: true, in_order: true, passed: true }],
    });
    const [blink] = result.steps;
    expect(blink!.at).toBeGreaterThanOrEqual(1);
    expect(blink!.at).toBeLessThan(2);
    expect(blink!.strength).toBeGreaterThanOrEqual(1);
    // The same observation as the check's text.
    expect(check!.detail).toContain(`blink at ${blink!.at!.toFixed(1)} s (strength ${blink!.strength})`);
    expect(await errorOf(await upload('/user/selfie', t.a, c.challenge_id))).toMatchObject({ status: 409, code: 'CHALLENGE_USED' });
    expect((await s.send('POST', '/user/authentication/enable', t.aBackend)).status).toBe(200);
  }, 120_000);

  it('with challenges not required, authentication without one stays passive (no challenge check, challenge null)', async () => {
    const a = await authenticate();
    expect(a.checks.some((x) => x.key === 'challenge')).toBe(false);
    expect(a.challenge).toBeNull();
    expect(a.face_liveness).toBeGreaterThanOrEqual(50);
  }, 120_000);

  it('a challenge the clip answers keeps the passive score; one it does not caps face_liveness below 50', async () => {
    const ok = await authenticate((await challenge(t.a, ['blink'])).challenge_id);
    expect(ok.checks.find((x) => x.key === 'challenge')!.value).toBe(100);
    expect(ok.challenge).toMatchObject({ passed: true, steps: [{ kind: 'blink', seen: true, in_window: true, in_order: true, passed: true }] });
    expect(ok.face_liveness).toBeGreaterThanOrEqual(50);
    const bad = await authenticate((await challenge(t.a, ['turn_left', 'smile'])).challenge_id);
    expect(bad.checks.find((x) => x.key === 'challenge')).toMatchObject({ value: 0, detail: expect.stringMatching(/Step 1 \(turn your head left\) was not seen/) });
    expect(bad.challenge).toEqual({
      passed: false,
      reason: 'Step 1 (turn your head left) was not seen.',
      steps: [missed('turn_left', 0), expect.objectContaining({ kind: 'smile', window_start: 3, window_end: 5.5, passed: false })],
    });
    expect(bad.face_liveness).toBeLessThan(50);
    // The listing carries the same results, newest first.
    const list = (await (await s.get('/user/authentications?page_size=2', t.aBackend)).json()) as { authentications: Authentication[] };
    expect(list.authentications.map((a) => a.challenge)).toEqual([bad.challenge, ok.challenge]);
  }, 180_000);

  it('an expired challenge fails and caps face_liveness', async () => {
    const c = await challenge(t.a, ['blink']);
    s.advance(61_000);
    const a = await authenticate(c.challenge_id);
    expect(a.checks.find((x) => x.key === 'challenge')).toMatchObject({ value: 0, detail: expect.stringMatching(/expired/) });
    expect(a.challenge).toEqual({ passed: false, reason: 'The challenge expired before the video was sent.', steps: [missed('blink', 0)] });
    expect(a.face_liveness).toBeLessThan(50);
  }, 120_000);

  it('by default a server refuses an authentication without a challenge (400 CHALLENGE_REQUIRED), and enrolls without one', async () => {
    const dataDir = s.dataDir;
    await s.close();
    const strict = await startTestServer({ dataDir, warmEngine: false }); // requireChallenge left to its default
    try {
      const token = await strict.userToken(userA);
      const res = await strict.send('POST', '/user/authenticate', token, videoForm(clip(), 'clip.mp4', 'video/mp4'));
      const refused = await errorOf(res);
      expect(refused).toMatchObject({ status: 400, code: 'CHALLENGE_REQUIRED', details: { field: 'challenge_id' } });
      expect(refused.message).toMatch(/^[A-Z].*POST \/user\/challenge/);
      // Enrollment of a user who may not log in with the face yet (user B): no challenge needed.
      expect((await strict.send('POST', '/user/selfie', await strict.userToken(userB), videoForm(clip(), 'clip.mp4', 'video/mp4'))).status).toBe(200);
    } finally {
      await strict.close();
    }
  }, 120_000);
});
