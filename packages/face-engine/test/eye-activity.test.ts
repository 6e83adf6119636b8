// The eyes read on every frame (src/liveness/eye-activity.ts): a blink counts
// whatever frames the sampling picked, and a picture that never changes shows
// no change. (Replays' eyes, which change only with the rest of the face, are
// in liveness.test.ts with each attack kind.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './support/fixtures.js';
import { ffmpeg, tempDir } from './support/media.js';
import { computeLiveness, LIVENESS_THRESHOLDS as T } from '../src/liveness/index.js';
import { compareEyes, eyeActivity, fitSimilarity } from '../src/liveness/eye-activity.js';
import { faceScale } from '../src/mesh/landmarks.js';
import { median } from '../src/math/stats.js';
import { extractFaceTrack } from '../src/track.js';
import type { Point } from '../src/liveness/homography.js';

describe('fitSimilarity', () => {
  it('recovers a rotation, scale and shift exactly, with no misfit', () => {
    const src: Point[] = [[0, 0], [10, 0], [10, 5], [3, 8]];
    const a = 1.1 * Math.cos(0.2), b = 1.1 * Math.sin(0.2);
    const dst = src.map(([x, y]) => [a * x - b * y + 4, b * x + a * y - 2] as Point);
    const { h, misfit } = fitSimilarity(src, dst);
    expect(misfit).toBeLessThan(1e-9);
    expect([...h].map((v) => Number(v.toFixed(9)))).toEqual([a, -b, 4, b, a, -2, 0, 0, 1].map((v) => Number(v.toFixed(9))));
  });
});

describe.skipIf(!hasFixtures)('eyes on every frame', () => {
  const tmp = tempDir('eyes');
  beforeAll(async () => {
    await ffmpeg('-ss', '0', '-t', '2', '-i', fixture('videos/real-selfie-3.mp4'), '-an', '-c:v', 'libx264', '-crf', '20', tmp.path('selfie-3-h1.mp4'));
  }, 60_000);
  afterAll(() => tmp.cleanup());

  it('sees a blink the sampled frames fall between (selfie 3, first half: at some samplings no sampled frame shows the lids closed)', async () => {
    // Found on the encoding matrix: whether a still-head clip's blink counted depended on which frames were sampled.
    const missed: number[] = [];
    for (const n of [5, 6, 7, 8, 9, 10, 12]) {
      const { track, frames, eyes } = await extractFaceTrack(tmp.path('selfie-3-h1.mp4'), { frames: n });
      const result = computeLiveness(track, frames, eyes);
      if (result.measures!.blinkDip! > T.blinkDip) missed.push(n);
      const blink = result.checks.find((c) => c.key === 'liveness_blink')!;
      expect(blink.value, `${n} frames: ${blink.detail}`).toBeGreaterThan(80);
      expect(blink.detail).toMatch(/a blink or a glance, around 0\.[3-6] s/);
      expect(result.score, `${n} frames`).toBeGreaterThanOrEqual(50);
    }
    expect(missed.length, 'samplings whose frames all fall outside the blink').toBeGreaterThan(0);
  }, 240_000);

  it('gives a blink the same evidence whatever the sampling (clips where the person blinks, 6 to 30 sampled frames)', async () => {
    for (const file of [fixture('videos/real-selfie-1.mp4'), tmp.path('selfie-3-h1.mp4'), fixture('videos/people/latentsync_demo2_bearded_man/clip-1.mp4')]) {
      const held: number[] = [];
      for (const n of [6, 11, 15, 30]) {
        const { track, frames, eyes } = await extractFaceTrack(file, { frames: n });
        const result = computeLiveness(track, frames, eyes);
        held.push(result.measures!.eyeChange!);
        expect(result.checks.find((c) => c.key === 'liveness_blink')!.value, `${file} at ${n} frames`).toBeGreaterThan(80);
      }
      // The eyes are read on every frame: the sampling moves the measure only through the mesh that places the patches.
      expect(Math.min(...held), `${file}: ${held.join(', ')}`).toBeGreaterThan(T.eyeChangeMin + 2 * T.eyeChangeStep);
    }
  }, 360_000);

  it('does not count the lids as the rigid face: at a blink the brows change far less than the eyes (the tail of a blink, people/liveportrait_s18_woman/clip-2)', async () => {
    // Found on the encoding matrix: brow patches centred on the brow reached the lid's crease, changed as much as the eyes
    // when the lids opened (0.49 against 0.28), and the blink did not count. The general case is the blink tests above.
    const { track, eyes } = await extractFaceTrack(fixture('videos/people/liveportrait_s18_woman/clip-2.mp4'));
    const scale = median(track.frames.map(faceScale));
    const opening = compareEyes(track, eyes!, scale).filter((c) => c.t <= 0.3);
    expect(opening.length).toBeGreaterThan(1);
    const best = Math.max(...opening.map((c) => Math.min(c.right, c.left) / Math.max(c.rigid, 1e-3)));
    expect(best, JSON.stringify(opening)).toBeGreaterThan(1.5);
  }, 120_000);

  it('finds no change where every frame is the same picture (a frozen video), and no event in it', async () => {
    const { track, frames, eyes } = await extractFaceTrack(tmp.path('selfie-3-h1.mp4'));
    const frozen = { ...eyes!, frames: eyes!.frames.map((f) => ({ ...f, grey: eyes!.frames[0]!.grey })) };
    const scale = median(track.frames.map(faceScale));
    const activity = eyeActivity(compareEyes(track, frozen, scale));
    expect(activity.compared).toBeGreaterThan(10);
    expect(Math.abs(activity.held)).toBeLessThan(0.02);
    expect(computeLiveness(track, frames, frozen).measures!.eyeChange!).toBeLessThan(0.02);
  }, 120_000);
});
