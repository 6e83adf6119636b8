// Challenge login in real headless Chromium: the fake camera shows person F
// (real-selfie-6), who tips her head back about 1 s into her clip. The
// onboarding server issues fixed steps (test-only option), so one login asks
// for what the camera shows, look up, and one for what it never shows, turn
// left then open the mouth.
//
// Timing, made deterministic: the camera file (challengeCameraFile) is 5.04 s
// of the clip's first 0.84 s played forward and back (a neutral face), then
// the clip from its start: the look-up begins 6.0 s after the camera opens.
// The test presses the button 1.2 s after the camera opened, so recording
// starts about 4.2 s in (1.2 + the 3-s countdown): the baseline second is
// neutral and the look-up comes about 1.8 s into the recording, inside the
// step's window (1.0-3.5 s). Checked offline on cuts of the same file: the
// challenge passes for recordings starting 2.7-5.0 s in, and passive
// liveness is 87-90 from 3.5 to 5.0 s. The test reads when the camera
// opened and when recording started (page clock) and fails, saying so, when
// the start left 3.5-5.0 s, rather than retrying.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreeToConsent, hasChromium, Screenshots, withBrowser } from './helpers/browser.js';
import { fixture, hasFixtures } from './helpers/fixtures.js';
import { challengeCameraFile, cutClip } from './helpers/media.js';
import { startStack, type Stack } from './helpers/stack.js';

const EMAIL = 'person.f@example.com';
const CLICK_AFTER_OPEN_MS = 1200;
const RECORDING_START = { min: 3.5, max: 5.0 }; // s after the camera opened
const root = join(import.meta.dirname, '..');
const shots = new Screenshots(join(root, 'test-results', 'screenshots'), join(root, 'docs'));

/** Records in the page when the camera opened, when recording started, and every prompt shown. */
const INSTRUMENT = `(() => {
  const log = (window.__challengeLog = { opened: null, recording: null, prompts: [] });
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (c) => gum(c).then((s) => ((log.opened = performance.now()), s));
  const start = MediaRecorder.prototype.start;
  MediaRecorder.prototype.start = function (...a) { log.recording = performance.now(); return start.apply(this, a); };
  new MutationObserver(() => {
    const p = document.querySelector('.fc-prompt');
    if (!p || p.hidden || !p.dataset.step) return;
    const last = log.prompts[log.prompts.length - 1];
    if (!last || last.step !== p.dataset.step) log.prompts.push({ step: p.dataset.step, text: p.textContent, live: p.getAttribute('aria-live') });
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;

interface ChallengeLog {
  opened: number | null;
  recording: number | null;
  prompts: { step: string; text: string; live: string | null }[];
}

describe.skipIf(!hasFixtures || !hasChromium)('challenge login in a real browser', () => {
  let stack: Stack;
  let steps: string[] = [];
  let camera = '';

  beforeAll(async () => {
    stack = await startStack({ fixedChallengeSteps: () => steps });
    const f = fixture('videos/real-selfie-6.mp4');
    const enrollClip = join(stack.dir, 'f-enroll.mp4');
    [camera] = await Promise.all([
      challengeCameraFile(f, { neutral: 0.84, passes: 3, actionSeconds: 3.0 }, join(stack.dir, 'f-challenge.y4m')),
      cutClip(f, 0, 3, enrollClip),
    ]);
    // Sign up through the app's backend route, enrol through the API (the browser enrolment is test/e2e.test.ts).
    await withBrowser({ device: false }, async (page) => {
      await page.goto(`${stack.example.url}/signup`);
      await page.getByLabel('Email address').fill(EMAIL);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL('**/consent?for=enroll');
      await agreeToConsent(page);
    });
    const { users } = await stack.client.getUsers({ filterField: 'email', filterValue: EMAIL });
    const userId = users[0]?.user_id ?? '';
    await stack.client.addSelfie(userId, enrollClip);
    await stack.client.enableAuthentication(userId);
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  /** Email step, then the camera page; presses the button CLICK_AFTER_OPEN_MS after the camera opened. */
  async function loginWithChallenge(page: Page, name: string): Promise<ChallengeLog> {
    await page.addInitScript(INSTRUMENT);
    await page.goto(`${stack.example.url}/login`);
    await page.getByLabel('Email address').fill(EMAIL);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/login/face');
    await page.locator('.capture-host[data-state="ready"]').waitFor();
    await page.evaluate(async (after) => {
      const log = (window as unknown as { __challengeLog: ChallengeLog }).__challengeLog;
      await new Promise((r) => setTimeout(r, Math.max(0, log.opened! + after - performance.now())));
      document.querySelector<HTMLButtonElement>('.fc-button')!.click();
    }, CLICK_AFTER_OPEN_MS);
    await page.locator('.capture-host[data-state="recording"]').waitFor();
    await page.locator('.fc-prompt:not([hidden])[data-step-index="1"]').waitFor();
    await shots.take(page, `${name}-prompt`, name === 'login-challenge');
    await page.locator('.capture-host[data-state="analysing"], .capture-host[data-state="done"]').first().waitFor({ timeout: 30_000 });
    const log = await page.evaluate(() => (window as unknown as { __challengeLog: ChallengeLog }).__challengeLog);
    const startedAt = (log.recording! - log.opened!) / 1000;
    expect(startedAt, `recording started ${startedAt.toFixed(2)} s after the camera opened: outside the range the camera file is built for`)
      .toBeGreaterThanOrEqual(RECORDING_START.min);
    expect(startedAt).toBeLessThanOrEqual(RECORDING_START.max);
    return log;
  }

  it('prompts the one step (look up) and logs in when the camera shows it', async () => {
    steps = ['look_up'];
    await withBrowser({ file: camera }, async (page) => {
      const log = await loginWithChallenge(page, 'login-challenge');
      expect(log.prompts.map((p) => p.step)).toEqual(['lead-in', 'look_up']);
      expect(log.prompts[1]).toMatchObject({ text: expect.stringContaining('Look up'), live: 'assertive' });
      await page.waitForURL('**/profile', { timeout: 60_000 }).catch(async () => {
        throw new Error(`Not logged in: ${await page.getByRole('alert').first().textContent()}`);
      });
      await expect.poll(() => page.getByTestId('profile-email').textContent()).toBe(EMAIL);
      await shots.take(page, 'login-challenge-profile');
    });
    const auth = (await stack.client.getAuthentications((await stack.client.getUsers({ filterField: 'email', filterValue: EMAIL })).users[0]!.user_id)).authentications[0]!;
    expect(auth.checks?.find((c) => c.key === 'challenge')).toMatchObject({ value: 100 });
    expect(auth.challenge).toMatchObject({ passed: true, steps: [{ kind: 'look_up', in_window: true, passed: true }] });
  });

  it('prompts two steps in order and refuses a clip without them, saying which step was missed', async () => {
    steps = ['turn_left', 'open_mouth'];
    await withBrowser({ file: camera }, async (page) => {
      const log = await loginWithChallenge(page, 'login-challenge-refused');
      expect(log.prompts.map((p) => p.step)).toEqual(['lead-in', 'turn_left', 'open_mouth']);
      expect(log.prompts.map((p) => p.text)).toEqual([
        expect.stringContaining('hold still'),
        expect.stringContaining('Turn your head to your left'),
        expect.stringContaining('Open your mouth'),
      ]);
      await page.waitForURL('**/login', { timeout: 60_000 });
      await expect.poll(() => page.getByTestId('login-failure').textContent()).toMatch(/didn't look like a live person/);
      expect(await page.getByTestId('challenge-reason').textContent()).toBe('Step 1 (turn your head left) was not seen.');
      await shots.take(page, 'login-refused-challenge', true);
    });
  });
});
