// Real headless Chromium (Debian's, driven by playwright-core) with a fake
// camera fed from a y4m file. The camera file is fixed per launch, so each
// clip gets its own browser.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface CameraOptions {
  /** y4m file the fake camera loops; without it Chromium's own test pattern (or no camera, see `device`). */
  file?: string;
  /** Fake camera present (default true). */
  device?: boolean;
  /** Auto-accept the camera prompt (default true); false lets headless Chromium deny it. */
  allow?: boolean;
}

export async function withBrowser<T>(camera: CameraOptions, run: (page: Page, browser: Browser) => Promise<T>): Promise<T> {
  const args = [...BASE_ARGS];
  if (camera.device !== false) args.push('--use-fake-device-for-media-stream');
  if (camera.allow !== false) args.push('--use-fake-ui-for-media-stream');
  if (camera.file) args.push(`--use-file-for-fake-video-capture=${camera.file}`);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args });
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    // The CSP must not block anything the app itself does.
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const result = await run(page, browser);
    if (violations.length) throw new Error(`CSP violations: ${violations.join(' | ')}`);
    return result;
  } finally {
    await browser.close();
  }
}

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
