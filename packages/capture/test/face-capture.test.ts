// <face-capture> in real headless Chromium, its camera a fixture selfie clip
// (Chromium's fake capture device reading a y4m made here by ffmpeg), its
// backend a real HTTP server on loopback (support/test-server.ts), under a
// strict CSP: the countdown, the recording, the upload with progress, the
// backend's refusal and a failed `prepare` as events, a retry, a challenge's
// prompts in order, and a camera the browser refuses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, withBrowser } from '../../../test-support/chromium.js';
import { ffmpeg } from '../../../test-support/ffmpeg.js';
import { fixture, hasFixtures } from '../../../test-support/fixtures.js';
import { startTestServer, type TestServer } from './support/test-server.js';

interface LogEntry {
  type: string;
  /** What the page logged (JSON), checked field by field. */
  detail: Record<string, any>;
  state: string;
  countdownText: string;
  prompt: { step: string; text: string; live: string } | null;
}

const log = (page: Page) => page.evaluate(() => (window as unknown as { captureLog: LogEntry[] }).captureLog);
const ofType = async (page: Page, type: string) => (await log(page)).filter((e) => e.type === type);
const waitFor = (page: Page, type: string, count = 1) => expect.poll(async () => (await ofType(page, type)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
const capture = (page: Page) => page.locator('face-capture');

async function mount(page: Page, server: TestServer, config: Record<string, unknown>): Promise<void> {
  await page.goto(server.url);
  await page.evaluate((c) => (window as unknown as { mountCapture(c: unknown): void }).mountCapture(c), config);
  await expect.poll(() => capture(page).getAttribute('data-state')).toBe('ready');
}

describe.skipIf(!hasFixtures || !hasChromium)('<face-capture> in Chromium', () => {
  let server: TestServer;
  let dir: string;
  let camera: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'face-capture-'));
    camera = await ffmpeg(['-t', '2', '-i', fixture('videos/real-selfie-1.mp4'), '-an', '-vf', 'fps=25,scale=640:480', '-pix_fmt', 'yuv420p', join(dir, 'camera.y4m')]);
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('counts down, records for duration-ms, uploads with progress to upload-url and hands over the answer', async () => {
    server.answer = { status: 200, body: { login_attempt: 'opaque-1' } };
    server.uploads.length = 0;
    await withBrowser({ file: camera }, async (page) => {
      await mount(page, server, {
        attributes: { 'upload-url': '/upload', 'countdown-seconds': '2', 'duration-ms': '800', 'start-label': 'Log in with my face' },
        properties: { headers: { 'x-csrf-token': 'csrf-123' }, extraFields: { purpose: 'login' } },
      });
      expect(await page.locator('.fc-button').textContent()).toBe('Log in with my face');
      await page.locator('.fc-button').click();
      await waitFor(page, 'uploaded');

      const countdown = await ofType(page, 'countdown');
      expect(countdown.map((e) => [e.detail.seconds, e.countdownText])).toEqual([[2, '2'], [1, '1']]);
      const states = (await ofType(page, 'statechange')).map((e) => e.detail.state);
      expect(states).toEqual(['starting', 'ready', 'countdown', 'countdown', 'recording', 'uploading', 'analysing', 'done']);
      const [recorded] = await ofType(page, 'recorded');
      expect(recorded?.detail).toMatchObject({ mimeType: 'video/webm', durationMs: 800, steps: [], blob: { type: 'video/webm' } });
      expect(recorded?.state).toBe('recording'); // sent as the recorder stops, before the upload starts
      const progress = (await ofType(page, 'uploadprogress')).map((e) => e.detail.fraction as number);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(progress.at(-1)).toBe(1);
      const [uploaded] = await ofType(page, 'uploaded');
      expect(uploaded?.detail).toEqual({ response: { login_attempt: 'opaque-1' } });

      // What the backend got: one multipart POST with the header, the fields and a WebM of the blob's size.
      expect(server.uploads).toHaveLength(1);
      const upload = server.uploads[0]!;
      expect(upload.headers['x-csrf-token']).toBe('csrf-123');
      expect(upload.headers.accept).toBe('application/json');
      expect(upload.fields).toEqual({ purpose: 'login' });
      expect(upload.file).toMatchObject({ field: 'video', name: 'selfie.webm', type: 'video/webm' });
      expect(upload.file!.bytes.length).toBe(recorded?.detail.blob.size);
      expect(upload.file!.bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3'); // EBML: a WebM file
      expect(await capture(page).getAttribute('data-state')).toBe('done');

      // Removed from the page, it stops the camera.
      await capture(page).evaluate((el) => el.remove());
      const live = await page.evaluate(() =>
        (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length,
      );
      expect(live).toBe(0);
    });
  });

  it("reports a failed prepare and the backend's refusal as captureerror events, shows them, and records anew on Try again", async () => {
    server.answer = { status: 429, body: { error: { code: 'TOO_MANY_ATTEMPTS', message: 'Too many attempts. Wait a minute.' } }, headers: { 'retry-after': '60' } };
    server.uploads.length = 0;
    await withBrowser({ file: camera }, async (page) => {
      await mount(page, server, {
        attributes: { 'upload-url': '/upload', 'countdown-seconds': '1', 'duration-ms': '500' },
        prepare: { error: { code: 'ATTEMPT_FAILED', message: 'Could not start the login.' } },
      });
      await page.locator('.fc-button').click();
      await waitFor(page, 'captureerror', 1);
      expect((await ofType(page, 'captureerror'))[0]?.detail).toMatchObject({ isCaptureError: true, code: 'ATTEMPT_FAILED', message: 'Could not start the login.' });
      expect(await ofType(page, 'recorded')).toHaveLength(0); // the countdown ran, but nothing was recorded
      expect(server.uploads).toHaveLength(0);

      await capture(page).evaluate((el) => ((el as HTMLElement & { prepare?: unknown }).prepare = undefined));
      expect(await page.locator('.fc-button').textContent()).toBe('Try again');
      await page.locator('.fc-button').click();
      await waitFor(page, 'captureerror', 2);
      const refusal = (await ofType(page, 'captureerror'))[1]!;
      expect(refusal.detail).toEqual({
        isCaptureError: true,
        code: 'TOO_MANY_ATTEMPTS',
        message: 'Too many attempts. Wait a minute.',
        details: { status: 429, retryAfter: '60' },
      });
      expect(refusal.state).toBe('error');
      expect(await capture(page).getAttribute('data-error-code')).toBe('TOO_MANY_ATTEMPTS');
      expect(await page.getByRole('alert').textContent()).toBe('Too many attempts. Wait a minute.');
      expect(await page.locator('.fc-button').isEnabled()).toBe(true);

      server.answer = { status: 200, body: { ok: true } };
      await page.locator('.fc-button').click();
      await waitFor(page, 'uploaded');
      expect(server.uploads).toHaveLength(2);
      expect(await page.getByRole('alert').isHidden()).toBe(true);
    });
  });

  it("prompts a challenge's steps in order while recording until the last window closes, and sends prepare's fields", async () => {
    server.answer = { status: 200, body: { ok: true } };
    server.uploads.length = 0;
    const steps = [
      { kind: 'turn_left', start: 0.4, end: 1.0 },
      { kind: 'blink', start: 1.0, end: 1.6 },
      { kind: 'smile', start: 1.6, end: 2.2 },
    ];
    await withBrowser({ file: camera }, async (page) => {
      await mount(page, server, {
        attributes: { 'upload-url': '/upload', 'countdown-seconds': '1' },
        prepare: { steps, fields: { login_attempt: 'attempt-7' } },
      });
      await page.locator('.fc-button').click();
      await waitFor(page, 'uploaded');

      const shown = await ofType(page, 'challengestep');
      expect(shown.map((e) => [e.detail.index, e.detail.kind, e.detail.text])).toEqual([
        [0, 'lead-in', 'Look at the camera and hold still'],
        [1, 'turn_left', 'Turn your head to your left'],
        [2, 'blink', 'Blink once'],
        [3, 'smile', 'Smile'],
      ]);
      // Each on screen as its event fires, in an assertive live region, while recording.
      for (const e of shown) {
        expect(e.prompt).toEqual({ step: e.detail.kind, text: `${e.detail.icon}${e.detail.text}`, live: 'assertive' });
        expect(e.state).toBe('recording');
      }
      const [recorded] = await ofType(page, 'recorded');
      expect(recorded?.detail).toMatchObject({ durationMs: 2200, steps });
      expect(await page.locator('.fc-prompt').isHidden()).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { prepareCalls: number }).prepareCalls)).toBe(1);
      expect(server.uploads[0]?.fields).toEqual({ login_attempt: 'attempt-7' });
    });
  });

  it('reports a camera the browser refuses as CAMERA_DENIED and offers to try again', async () => {
    await withBrowser({ allow: false }, async (page) => {
      await page.goto(server.url);
      await page.evaluate(() => (window as unknown as { mountCapture(c: unknown): void }).mountCapture({ attributes: { 'upload-url': '/upload' } }));
      await waitFor(page, 'captureerror');
      const [denied] = await ofType(page, 'captureerror');
      expect(denied?.detail).toMatchObject({ isCaptureError: true, code: 'CAMERA_DENIED' });
      expect(denied?.detail.message).toMatch(/^Camera access was denied/);
      expect(await capture(page).getAttribute('data-state')).toBe('error');
      expect(await page.getByRole('alert').textContent()).toMatch(/^Camera access was denied/);
      expect(await page.locator('.fc-button').textContent()).toBe('Try again');
      expect(await page.locator('.fc-button').isEnabled()).toBe(true);
    });
  });
});
