import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from '../../../../test-support/fixtures.js';
import { REVIEWER, startStack } from '../server/stack.js';
import type { Stack } from '../server/stack.js';
import { ensureSpaBuilt, hasChromium, launchChromium, packageDir, screenshotsDir } from './browser.js';

// Issue #6's reviewer flow in real headless Chromium against the real admin
// and onboarding servers. One test, steps in order, screenshots along the way.
describe.skipIf(!hasFixtures || (!hasChromium && process.env.CI !== 'true'))('reviewer flow in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let carol: string;

  beforeAll(async () => {
    ensureSpaBuilt();
    stack = await startStack({ pollIntervalMs: 1000 });
    carol = await stack.client.createUser({ email: 'carol@example.com', firstName: 'Carol', lastName: 'Danvers' });
    await stack.client.addSelfie(carol, fixture('videos/real-selfie-1.mp4'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });

  it('signs in, reviews, authorizes, audits and voids', async () => {
    await page.goto(stack.admin.url);
    await page.getByLabel('Email').fill(REVIEWER.email);
    await page.getByLabel('Password').fill(REVIEWER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The enrollment made through the API, with its face and score.
    const queue = page.getByRole('list', { name: 'Enrollments' });
    const carolRow = queue.getByRole('listitem').filter({ hasText: 'carol@example.com' });
    await carolRow.waitFor();
    const face = carolRow.getByRole('img', { name: 'Face of carol@example.com' });
    await expect.poll(() => face.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const status = await stack.client.getUserStatus(carol);
    const expectedScore = status.face_liveness === null ? 'n/a' : status.face_liveness.toFixed(1);
    await expect.poll(() => carolRow.innerText()).toContain(expectedScore);
    expect(await carolRow.innerText()).toMatch(/Pass|Fail|no score/);

    // A second enrollment appears without a reload (polling).
    const dave = await stack.client.createUser({ email: 'dave@example.com' });
    await stack.client.addSelfie(dave, fixture('videos/real-selfie-3.mp4'));
    await queue.getByRole('link', { name: 'dave@example.com' }).waitFor({ timeout: 30_000 });
    await shot('queue');
    // The README's screenshot is refreshed only on request, so a test run leaves the tree clean.
    const docShot = join(packageDir, 'docs', 'screenshot-queue.png');
    if (!existsSync(docShot) || process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(packageDir, 'docs'), { recursive: true });
      copyFileSync(join(screenshotsDir, 'queue.png'), docShot);
    }

    // Open Carol's enrollment and authorize it, from the keyboard.
    await queue.getByRole('link', { name: 'carol@example.com' }).click();
    await page.getByRole('heading', { level: 1, name: 'carol@example.com' }).waitFor();
    await page.getByRole('article', { name: 'Selfie 1' }).waitFor();
    await shot('detail');
    await page.getByRole('button', { name: 'Authorize' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Authorize: carol@example.com' }).waitFor();
    await page.keyboard.type('Face matches the ID card');
    await shot('authorize-dialog');
    await page.getByRole('button', { name: 'Confirm authorize' }).click();
    await page.getByText(/Authorize: done \(audit entry #\d+\)/).waitFor();
    await page.getByRole('button', { name: 'Revoke' }).waitFor();
    expect((await stack.client.getUserStatus(carol)).authorized).toBe(true);

    // The audit page shows the entry.
    await page.getByRole('link', { name: 'Audit log' }).click();
    const entry = page.getByRole('row').filter({ hasText: 'carol@example.com' });
    await entry.waitFor();
    const text = await entry.innerText();
    expect(text).toContain('Authorize');
    expect(text).toContain(REVIEWER.email);
    expect(text).toContain('Face matches the ID card');
    expect(text).toContain('Success');
    await shot('audit');

    // Voiding Dave's selfie takes him out of the awaiting queue.
    await page.getByRole('link', { name: 'Queue' }).click();
    await queue.getByRole('link', { name: 'dave@example.com' }).click();
    await page.getByRole('button', { name: 'Void selfie' }).click();
    await page.getByRole('textbox', { name: 'Reason (optional)' }).fill('Two people in the frame');
    await page.getByRole('button', { name: 'Confirm void selfie' }).click();
    await page.getByText(/Void selfie: done/).waitFor();
    expect((await stack.client.getUserStatus(dave)).state).toBe('SELFIE_VOIDED');
    await page.getByRole('link', { name: '← Back to the queue' }).click();
    await page.getByRole('heading', { name: /^Awaiting review: 0$/ }).waitFor();
    expect(await queue.count()).toBe(0);
    await page.getByRole('radio', { name: 'Voided' }).check();
    await queue.getByRole('link', { name: 'dave@example.com' }).waitFor();

    // Phone width: no sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('radio', { name: 'All' }).check();
    await queue.getByRole('link', { name: 'carol@example.com' }).waitFor();
    await shot('queue-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
});
