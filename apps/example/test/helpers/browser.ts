// The browser tests' helpers: Chromium with a fake camera (test-support,
// shared with the capture package's tests), screenshots, camera-call counting
// and the consent step.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export { chromiumPath, hasChromium, withBrowser, type CameraOptions } from '../../../../test-support/chromium.js';

/** Saves a full-page screenshot under test-results/screenshots (and into docs/ when `doc` is set). */
export class Screenshots {
  constructor(
    private readonly dir: string,
    private readonly docsDir: string,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  async take(page: Page, name: string, doc = false): Promise<string> {
    const file = join(this.dir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    // docs/ holds the README's pictures: written when missing, refreshed only
    // on request, so that a test run does not churn tracked files.
    const docFile = join(this.docsDir, `${name}.png`);
    if (doc && (!existsSync(docFile) || process.env.UPDATE_SCREENSHOTS === '1')) {
      mkdirSync(this.docsDir, { recursive: true });
      copyFileSync(file, docFile);
    }
    return file;
  }
}

/** Counts the page's getUserMedia calls in `window.__cameraCalls` (add with page.addInitScript before navigating). */
export const COUNT_CAMERA_CALLS = `(() => {
  window.__cameraCalls = 0;
  const md = navigator.mediaDevices;
  if (!md) return;
  const gum = md.getUserMedia.bind(md);
  md.getUserMedia = (c) => { window.__cameraCalls += 1; return gum(c); };
})();`;

export const cameraCalls = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __cameraCalls: number }).__cameraCalls);

/** On the consent page: ticks the box and agrees, then waits for the capture page it leads to. */
export async function agreeToConsent(page: Page, next: '**/enroll' | '**/login/face' = '**/enroll'): Promise<void> {
  await page.getByRole('checkbox', { name: /I have read this and agree/ }).check();
  await page.getByRole('button', { name: 'Agree and continue' }).click();
  await page.waitForURL(next);
}
