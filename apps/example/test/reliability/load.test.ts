// 50 clients logging in through the example app for 60 s, against the real
// onboarding server (both in their own processes, built).
//
// What one "login" is here: a new visitor (no cookies) loads GET /login
// (session + CSRF token), posts its email to POST /login/start, loads the
// camera page, opens an attempt (POST /login/attempt: the app asks the
// Onboarding API for a challenge), posts its recording (POST /login/video:
// the app receives it and forwards it to the API) and posts the attempt to
// POST /login, the strategy's step. The visitors' emails have no account, so
// the API refuses each recording without analysing it: a real analysis costs
// about 1.5 s of CPU on this 2-core machine, so 50 clients cannot each have
// one for 60 s. That is every step the app serves per visitor, the
// forwarded upload included; the analysis is the API's own figure. Before the
// run, two enrolled people log in through the same steps with real recordings.
//
// Configured for the load test, and only here: every client is on loopback,
// so the per-address limits are off; the answer floors are 0 (they would
// measure only themselves); the liveness threshold is 0 (not what is measured); matching stays 50.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnboardingClient } from '@alice-face/onboarding-client';
import { recordFigure } from '../../../../test-support/figures.js';
import { fixture, hasFixtures } from '../helpers/fixtures.js';
import { cutClip } from '../helpers/media.js';
import { enrollThroughApp, loginOnce, newApiKey, startExampleChild, startOnboardingChild, type Child } from './processes.js';

const CLIENTS = 50;
const SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 60);
const THRESHOLDS = { liveness: 0, matching: 50 };

const percentile = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;

describe.skipIf(!hasFixtures)(`${CLIENTS} clients logging in through the example app`, () => {
  let dir: string;
  let onboarding: Child;
  let app: Child;
  const people: Array<{ email: string; login: Buffer }> = [];
  let visitorClip = Buffer.alloc(0);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'example-load-'));
    const apiKey = newApiKey();
    onboarding = await startOnboardingChild(join(dir, 'onboarding'), apiKey);
    app = await startExampleChild({
      dataDir: join(dir, 'example'),
      onboardingUrl: onboarding.url,
      apiKey,
      thresholds: THRESHOLDS,
      // Every client is on loopback: one address would trip the per-address limits at once.
      loginRateLimit: { max: 0 },
      loginFailureLimit: { perAccount: 1_000_000, perAddress: 1_000_000 },
      loginAnswerFloorMs: 0,
      loginRefusalFloorMs: 0,
      loginChallenge: false,
    });
    const client = new OnboardingClient({ apiKey, baseUrl: onboarding.url });
    const sources = [
      { email: 'load-a@example.com', video: fixture('videos/real-selfie-1.mp4'), enroll: [0, 3], login: [0.8, 2.3] },
      { email: 'load-b@example.com', video: fixture('videos/real-selfie-2.mp4'), enroll: [0, 2], login: [2, 2] },
    ] as const;
    for (const p of sources) {
      const enroll = await cutClip(p.video, p.enroll[0], p.enroll[1], join(dir, `${p.email}-enroll.mp4`));
      const login = await cutClip(p.video, p.login[0], p.login[1], join(dir, `${p.email}-login.mp4`));
      await enrollThroughApp(app.url, client, p.email, enroll);
      people.push({ email: p.email, login: readFileSync(login) });
    }
    visitorClip = readFileSync(await cutClip(sources[0].video, 0, 1, join(dir, 'visitor.mp4')));
  });
  afterAll(async () => {
    await app?.stop();
    await onboarding?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`serves ${SECONDS} s of logins with no error, and reports p50/p99`, async () => {
    // The enrolled people log in through the same steps, with their recordings analysed.
    for (const p of people) expect(await loginOnce(app.url, p.email, p.login, 'profile')).toMatchObject({ ok: true });

    const whole: number[] = [];
    const postLogin: number[] = [];
    const errors: string[] = [];
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        for (let n = 0; performance.now() < deadline; n++) {
          const t0 = performance.now();
          try {
            const r = await loginOnce(app.url, `visitor-${i}-${n}@example.com`, visitorClip, 'refused');
            if (!r.ok) errors.push(`${r.status} ${r.failure}`);
            whole.push(performance.now() - t0);
            postLogin.push(r.loginMs);
          } catch (err) {
            errors.push(String(err));
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    whole.sort((a, b) => a - b);
    postLogin.sort((a, b) => a - b);
    const ms = (x: number) => +x.toFixed(1);
    recordFigure({
      name: 'reliability-load',
      title: 'Example app: login load',
      command: 'pnpm test:reliability (apps/example load.test.ts)',
      about: 'Concurrent visitors each doing every step of a face login through the example app (`GET /login`, `POST /login/start`, `GET /login/face`, `POST /login/attempt`, `POST /login/video` with a 1-s recording forwarded to the API, `POST /login`), the example app and the onboarding server each in its own process and the load from a third. The visitors have no account, so the API refuses each recording without analysing it; for this run only the challenge, the per-address limits and the answer floors are off (every client is on loopback).',
    }, {
      figure: 'load',
      clients: CLIENTS,
      seconds: +elapsed.toFixed(1),
      logins: whole.length,
      logins_per_s: +(whole.length / elapsed).toFixed(1),
      errors: errors.length,
      login_ms: { p50: ms(percentile(whole, 0.5)), p99: ms(percentile(whole, 0.99)), max: ms(whole.at(-1) ?? NaN) },
      post_login_ms: { p50: ms(percentile(postLogin, 0.5)), p99: ms(percentile(postLogin, 0.99)) },
      thresholds: THRESHOLDS,
    });
    expect(errors.slice(0, 5)).toEqual([]);
    expect(errors.length).toBe(0);
    expect(whole.length).toBeGreaterThan(CLIENTS);
  });
});
