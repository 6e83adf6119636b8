// Real headless Chromium (Debian's, driven by playwright-core) with a fake
// camera fed from a y4m file. The camera file is fixed per launch, so each
// clip gets its own browser. Any Content-Security-Policy violation the page
// reports fails the run: the pages under test must work under their CSP.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

if (!hasChromium) {
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${chromiumPath}: install Debian's chromium or set CHROMIUM_PATH.`);
  console.warn(`Skipping browser tests: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
}

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
