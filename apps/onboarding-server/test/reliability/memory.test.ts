// Resident memory of the server process over 500 authentications: a small
// real clip (0.6 s, 256x256, 10 fps: every one goes through ffmpeg decoding,
// detection, the mesh, the descriptor and liveness) and one face-engine
// worker, so 500 real analyses fit in a few minutes. RSS after 500 must be
// within 10% of RSS after 50. RSS moves by several percent with each garbage
// collection, so each side is the median of 20 readings, one after each
// authentication: the 41st-60th for "after 50", the last 20 for "after 500"
// (with single readings one run gave +5.9% and a later one +10.1%, though
// its reading at 500 was the lower of the two: its reading at 50 fell in a
// trough). The failed-attempt limit is
// lifted: the scores are not what is measured.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from '../../../../test-support/figures.js';
import { fixture, hasFixtures } from '../fixtures.js';
import { videoForm } from '../helpers.js';
import { smallClip } from '../media.js';
import { newApiKey, startChildServer, type ChildServer } from './child-server.js';

const TOTAL = Number(process.env.RELIABILITY_AUTHENTICATIONS ?? 500);
const MB = 1024 * 1024;

describe.skipIf(!hasFixtures)('memory over many authentications', () => {
  let dir: string;
  let s: ChildServer | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-memory-'));
  });
  afterAll(async () => {
    if (s && s.child.exitCode === null) await s.signal('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps RSS after ${TOTAL} authentications within 10% of RSS after 50`, async () => {
    const clip = readFileSync(smallClip(fixture('videos/real-selfie-2.mp4'), 1.5, 0.6, 256, 10, join(dir, 'small.mp4')));
    s = await startChildServer(join(dir, 'data'), newApiKey(), { ONBOARDING_FAILED_AUTH_MAX: '1000000', ONBOARDING_MAX_QUEUE: '4' });
    const id = await s.createUser();
    const token = await s.userToken(id);
    expect((await s.send('POST', '/user/selfie', token, videoForm(clip))).status).toBe(200);
    expect((await s.send('POST', '/user/authentication/enable', await s.backendUserToken(id))).status).toBe(200);
    const rssStart = s.rss();

    let done = 0;
    let failed = 0;
    const readings: number[] = []; // RSS after the n-th authentication answered, at index n - 1
    let peak = 0;
    // Two clients, so the one worker always has the next clip waiting.
    const client = async () => {
      while (done < TOTAL) {
        done++;
        const res = await s!.send('POST', '/user/authenticate', token, videoForm(clip));
        if (res.status !== 200) failed++;
        await res.arrayBuffer();
        const rss = s!.rss();
        peak = Math.max(peak, rss);
        readings.push(rss);
      }
    };
    await Promise.all([client(), client()]);
    const median = (xs: number[]) => {
      const o = [...xs].sort((a, b) => a - b);
      return (o[(o.length - 1) >> 1]! + o[o.length >> 1]!) / 2;
    };
    const rssAt50 = median(readings.slice(40, 60));
    const rssEnd = median(readings.slice(-20));
    const figure = {
      figure: 'memory',
      authentications: done,
      non_200: failed,
      rss_start_mb: +(rssStart / MB).toFixed(1),
      rss_after_50_mb: +(rssAt50 / MB).toFixed(1),
      [`rss_after_${TOTAL}_mb`]: +(rssEnd / MB).toFixed(1),
      single_readings_mb: { at_50: +(readings[49]! / MB).toFixed(1), [`at_${TOTAL}`]: +(readings.at(-1)! / MB).toFixed(1) },
      peak_mb: +(peak / MB).toFixed(1),
      // Median of the 20 readings up to every 250th authentication: whether growth levels off.
      curve_mb: Object.fromEntries(
        Array.from({ length: Math.floor(readings.length / 250) }, (_, k) => (k + 1) * 250).map((n) => [n, +(median(readings.slice(n - 20, n)) / MB).toFixed(1)]),
      ),
      growth_pct: +(((rssEnd - rssAt50) / rssAt50) * 100).toFixed(1),
    };
    recordFigure({
      name: 'reliability-memory',
      title: 'Onboarding server: memory over many authentications',
      command: `pnpm test:reliability (memory.test.ts, RELIABILITY_AUTHENTICATIONS=${TOTAL})`,
      about: 'RSS of the server process (main thread and the face-engine worker) over authentications of a small real clip (0.6 s, 256x256, 10 fps) with one worker; readings are medians of 20 (the 41st-60th and the last 20), so one garbage-collection trough does not decide; `curve_mb` is the median of the 20 readings before every 250th authentication. The test asks the last within 10% of the one at 50.',
    }, figure);
    expect(failed).toBe(0);
    expect(rssEnd).toBeLessThanOrEqual(rssAt50 * 1.1);
    expect(await s.signal('SIGTERM')).toBe(0);
  });
});
