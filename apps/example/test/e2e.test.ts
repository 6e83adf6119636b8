// End to end in real headless Chromium with a fake camera fed from the
// fixture selfie clips (converted to y4m by ffmpeg here): sign up and enroll
// person A, authorize through the API, log in with another segment of A,
// then the refusals: person B, a still photo of A, a login posted without a
// recording; plus the camera-denied message. Recordings go to the app, which
// forwards them: the test also checks that the page never calls the API. Screenshots of every page go to
// test-results/screenshots, one of each page to docs/ for the README.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { agreeToConsent, cameraCalls, COUNT_CAMERA_CALLS, hasChromium, Screenshots, withBrowser } from './helpers/browser.js';
import { fixture, hasFixtures } from './helpers/fixtures.js';
import { cameraFile, stillCameraFile } from './helpers/media.js';
import { startStack, type Stack } from './helpers/stack.js';

const EMAIL = 'person.a@example.com';
const root = join(import.meta.dirname, '..');
const shots = new Screenshots(join(root, 'test-results', 'screenshots'), join(root, 'docs'));

describe.skipIf(!hasFixtures || !hasChromium)('face login in a real browser', () => {
  let stack: Stack;
  const cams = { enroll: '', login: '', other: '', still: '' };

  beforeAll(async () => {
    stack = await startStack({ loginChallenge: false }); // passive login; test/e2e-challenge.test.ts has the challenge
    const a = fixture('videos/real-selfie-1.mp4');
    [cams.enroll, cams.login, cams.other, cams.still] = await Promise.all([
      cameraFile(a, 0, 3, join(stack.dir, 'a-enroll.y4m')),
      cameraFile(a, 1.2, 1.92, join(stack.dir, 'a-login.y4m')),
      cameraFile(fixture('videos/real-selfie-2.mp4'), 0, 3, join(stack.dir, 'b.y4m')),
      stillCameraFile(a, 1, join(stack.dir, 'a-still.y4m')),
    ]);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const capture = (page: Page) => page.locator('.capture-host');

  /** Presses the capture button once the camera is ready, screenshotting the countdown and recording. */
  async function record(page: Page, prefix: string, doc: boolean): Promise<void> {
    await expect.poll(() => capture(page).getAttribute('data-state')).toBe('ready');
    await shots.take(page, `${prefix}-camera-ready`, doc);
    await page.locator('.fc-button').click();
    await page.locator('.capture-host[data-state="recording"]').waitFor();
    await shots.take(page, `${prefix}-recording`);
    await page.locator('.capture-host[data-state="analysing"], .capture-host[data-state="done"]').first().waitFor();
    await shots.take(page, `${prefix}-analysing`).catch(() => undefined); // the page may already be leaving
  }

  /** Records, then waits for the page the form post leads to (a new document). */
  async function recordAndSubmit(page: Page, prefix: string, doc: boolean): Promise<void> {
    await page.evaluate(() => (document.documentElement.dataset.stale = '1'));
    await record(page, prefix, doc);
    await page.locator('html:not([data-stale])').waitFor();
  }

  /**
   * For the genuine person only: one more recording when the first is refused
   * for liveness, as the page offers. Which 3 s of the looping fake camera a
   * recording holds depends on timing, and some windows of this clip score
   * near the threshold (45-46 seen); a refusal of another person or a photo
   * is always asserted on the first attempt.
   */
  async function recordGenuine(page: Page, prefix: string, done: () => Promise<boolean>): Promise<void> {
    await recordAndSubmit(page, prefix, true);
    if (await done()) return;
    await shots.take(page, `${prefix}-first-attempt-refused`);
    await recordAndSubmit(page, `${prefix}-second-attempt`, false);
  }

  async function signUp(page: Page, email: string): Promise<void> {
    await page.goto(`${stack.example.url}/signup`);
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/consent?for=enroll');
    await agreeToConsent(page);
  }

  async function startLogin(page: Page): Promise<void> {
    await page.goto(`${stack.example.url}/login`);
    await page.getByLabel('Email address').fill(EMAIL);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/login/face', { timeout: 20_000 });
  }

  it('signs up, reads and agrees to the consent before the camera starts, and enrolls person A with the webcam', async () => {
    await withBrowser({ file: cams.enroll }, async (page) => {
      await page.addInitScript(COUNT_CAMERA_CALLS);
      await page.goto(stack.example.url);
      await shots.take(page, 'home', true);
      await page.getByRole('link', { name: 'Sign up' }).first().click();
      await shots.take(page, 'signup', true);
      await page.getByLabel('Email address').fill(EMAIL);
      await page.getByRole('button', { name: 'Create account' }).click();
      // The consent step: what, why, how long (the API's schedule), who; the camera has not been asked for.
      await page.waitForURL('**/consent?for=enroll');
      await expect.poll(() => page.getByTestId('login-video-days').textContent()).toBe('30 days');
      expect(await page.getByRole('heading', { name: 'Who sees it' }).count()).toBe(1);
      expect(await page.locator('.capture-host').count()).toBe(0);
      await shots.take(page, 'consent', true);
      // Agreeing without ticking the box goes nowhere.
      await page.getByRole('button', { name: 'Agree and continue' }).click();
      expect(page.url()).toMatch(/\/consent\?for=enroll$/);
      expect(await cameraCalls(page)).toBe(0);
      await agreeToConsent(page);
      await expect.poll(() => capture(page).getAttribute('data-state')).toBe('ready');
      expect(await cameraCalls(page)).toBeGreaterThan(0);
      const enrolled = async () => ((await page.locator('main').textContent()) ?? '').includes('Enrollment complete.');
      await recordGenuine(page, 'enroll', enrolled);
      expect(page.url()).toMatch(/\/enroll\/complete$/);
      expect(await page.locator('main').textContent()).toContain('Enrollment complete.');
      await shots.take(page, 'enroll-waiting-for-approval', true);
    });
    const { users } = await stack.client.getUsers({ filterField: 'email', filterValue: EMAIL });
    const userId = users[0]?.user_id ?? '';
    expect((await stack.client.getUserStatus(userId)).state).toBe('SELFIE_VALID');
    await stack.client.enableAuthentication(userId);
  });

  it('logs A in with another segment of the clip (the page talks to the app only), then refuses a login posted without a recording', async () => {
    await withBrowser({ file: cams.login }, async (page) => {
      const hosts = new Set<string>();
      page.on('request', (r) => hosts.add(new URL(r.url()).origin));
      await page.goto(`${stack.example.url}/login`);
      await shots.take(page, 'login', true);
      await startLogin(page);
      await recordGenuine(page, 'login', async () => page.url().endsWith('/profile'));
      // On a refusal, show why (the alert) rather than a timeout.
      if (!page.url().endsWith('/profile')) expect(await page.getByRole('alert').first().textContent()).toBe('');
      await expect.poll(() => page.getByTestId('profile-email').textContent()).toBe(EMAIL);
      expect(await page.locator('main').textContent()).not.toMatch(/\d+\s*\/\s*100/);
      await shots.take(page, 'profile', true);
      expect([...hosts].filter((h) => h.startsWith('http'))).toEqual([stack.example.url]);

      // The export: one file with the person's account, consent, logins and media, and no score.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^face-login-data-\d{4}-\d{2}-\d{2}\.json$/);
      const text = readFileSync(await download.path(), 'utf8');
      const data = JSON.parse(text);
      expect(data.account.email).toBe(EMAIL);
      expect(data.consents).toEqual([expect.objectContaining({ version: '1', withdrawn_at: null })]);
      expect(data.onboarding.authentications.length).toBeGreaterThan(0);
      expect(text).not.toMatch(/face_matching|face_liveness|"liveness"/);
      const kinds = new Set(data.media.map((m: { kind: string }) => m.kind));
      expect(kinds).toEqual(new Set(['cropped_face', 'video']));
      for (const m of data.media as Array<{ data_base64: string }>) expect(Buffer.from(m.data_base64, 'base64').length).toBeGreaterThan(1000);
      await page.getByRole('button', { name: 'Log out' }).first().click();
      await page.waitForURL(stack.example.url + '/');

      // The page's form posted with no recording behind it (a replayed or forged post).
      await startLogin(page);
      await page.evaluate(() => {
        const form = document.getElementById('capture-result-form') as HTMLFormElement;
        (form.elements.namedItem('login_attempt') as HTMLInputElement).value = 'made-up-attempt';
        form.submit();
      });
      await page.waitForURL('**/login');
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Record your face first.');
      await shots.take(page, 'login-refused-no-recording');
    });
  });

  it("refuses A's account to person B's face with guidance, neither a cause nor a score", async () => {
    await withBrowser({ file: cams.other }, async (page) => {
      await startLogin(page);
      await record(page, 'login-other-person', false);
      await page.waitForURL('**/login');
      await expect.poll(() => page.getByTestId('login-failure').textContent()).toMatch(/^Look straight at the camera in good, even light/);
      expect(await page.getByRole('alert').first().textContent()).not.toMatch(/\d/);
      await shots.take(page, 'login-refused-mismatch', true);
    });
  });

  it('refuses a still photo for liveness: at enrollment (voided, retry) and at login', async () => {
    await withBrowser({ file: cams.still }, async (page) => {
      await signUp(page, 'photo.attack@example.com');
      await record(page, 'enroll-still-photo', false);
      await page.waitForURL('**/enroll/complete');
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain("couldn't confirm that a live person");
      await shots.take(page, 'enroll-retry', true);

      await startLogin(page);
      await record(page, 'login-still-photo', false);
      await page.waitForURL('**/login');
      await expect.poll(() => page.getByTestId('login-failure').textContent()).toMatch(/didn't look like a live person/);
      await shots.take(page, 'login-refused-liveness');
    });
  });

  it('explains a denied camera', async () => {
    await withBrowser({ allow: false }, async (page) => {
      await signUp(page, 'no.camera.permission@example.com');
      await expect.poll(() => capture(page).getAttribute('data-state')).toBe('error');
      expect(await capture(page).getAttribute('data-error-code')).toBe('CAMERA_DENIED');
      await expect.poll(() => page.locator('.fc-error').textContent()).toMatch(/^Camera access was denied/);
      await shots.take(page, 'camera-denied', true);
    });
  });

  it('explains a missing camera', async () => {
    await withBrowser({ device: false }, async (page) => {
      await signUp(page, 'no.camera@example.com');
      await expect.poll(() => capture(page).getAttribute('data-state')).toBe('error');
      expect(await capture(page).getAttribute('data-error-code')).toBe('NO_CAMERA');
      await expect.poll(() => page.locator('.fc-error').textContent()).toMatch(/^No camera was found/);
      await shots.take(page, 'camera-missing');
    });
  });

  it("shows the API's message when an upload is refused (no face in the video)", async () => {
    await withBrowser({}, async (page) => {
      // No file: Chromium's own fake camera pattern, which has no face in it.
      await signUp(page, 'no.face@example.com');
      await expect.poll(() => capture(page).getAttribute('data-state')).toBe('ready');
      await page.locator('.fc-button').click();
      await expect.poll(() => capture(page).getAttribute('data-state'), { timeout: 60_000 }).toBe('error');
      expect(await capture(page).getAttribute('data-error-code')).toBe('NO_FACE');
      await expect.poll(() => page.locator('.fc-error').textContent()).toMatch(/^[A-Z].+/);
      await shots.take(page, 'upload-error');
    });
  });
});
