// extractFaceTrack (what liveness reads) on a real clip, and the check that
// keeps Human's between-detections tracking honest.
import { describe, expect, it } from 'vitest';
import { consistent } from '../src/detect/detect-clip.js';
import { extractFaceTrack } from '../src/track.js';
import { fixture, hasFixtures } from './support/fixtures.js';

describe('consistent', () => {
  const box = (x: number, y: number, s: number): [number, number, number, number] => [x, y, s, s];
  it('accepts a face between its neighbours and rejects one left behind by a cut', () => {
    expect(consistent(box(105, 100, 200), box(100, 100, 200), box(110, 100, 200))).toBe(true);
    expect(consistent(box(100, 100, 200), box(100, 100, 200), box(400, 50, 120))).toBe(false);
    expect(consistent(box(100, 100, 300), box(100, 100, 200), undefined)).toBe(false);
    expect(consistent(undefined, box(100, 100, 200), undefined)).toBe(false);
  });
});

describe.skipIf(!hasFixtures)('extractFaceTrack', () => {
  it('follows the face of a selfie clip with a 478-point mesh and head pose in every sampled frame', async () => {
    const { track, frames } = await extractFaceTrack(fixture('videos/real-selfie-2.mp4'), { frames: 12 });
    expect(frames).toMatchObject({ kind: 'video', width: 512, height: 512 });
    expect(track).toMatchObject({ width: 512, height: 512, framesSampled: 12, maxFaces: 1 });
    expect(track.durationSec).toBeCloseTo(4, 1);
    expect(track.frames).toHaveLength(12);
    for (const [i, f] of track.frames.entries()) {
      expect(f.mesh).toHaveLength(478);
      expect(f.rotation).toBeDefined();
      expect(f.sharpness).toBeGreaterThan(0);
      expect(f.t).toBe(frames.frames[i]!.t);
      for (const [x, y] of f.mesh) {
        expect(x).toBeGreaterThan(-50);
        expect(y).toBeLessThan(560);
      }
    }
  });

  it('tracks a clip the same whatever the thread analysed before it (a clip of another size or of the same)', async () => {
    const clip = fixture('videos/real-selfie-4.mp4'); // 512x512
    await extractFaceTrack(fixture('videos/stage-clip-lin-manuel-miranda.mp4'), { frames: 4 }); // 640x360
    const afterOtherSize = (await extractFaceTrack(clip)).track;
    const afterSameSize = (await extractFaceTrack(clip)).track;
    expect(afterSameSize.frames.map((f) => f.mesh)).toEqual(afterOtherSize.frames.map((f) => f.mesh));
  }, 60_000);
});
