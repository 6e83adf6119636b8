// The second decoding pass (every frame of one region, grey) and the staging
// that lets an upload held in memory be read twice: without the face models.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './support/fixtures.js';
import { decodeMedia } from '../src/decode/decode-media.js';
import { decodeRegion, prepareRegion } from '../src/decode/region.js';
import { stageMedia } from '../src/decode/stage.js';
import { ffmpeg, tempDir, withTmpdir } from './support/media.js';
import { canListChildren, childProcesses } from './support/processes.js';

describe.skipIf(!hasFixtures)('decodeRegion', () => {
  const tmp = tempDir('region');
  beforeAll(async () => {
    // 2 s of a test pattern at 25 fps, 640x480, and the same clip with every other frame dropped, keeping their times.
    await ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=640x480:rate=25', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', tmp.path('pattern.mp4'));
    await ffmpeg('-i', tmp.path('pattern.mp4'), '-vf', "select='not(mod(n\\,2))'", '-vsync', 'vfr', '-c:v', 'libx264', '-preset', 'ultrafast', tmp.path('dropped.mp4'));
  });
  afterAll(() => tmp.cleanup());

  it('reads every frame of the region, grey, with the sampled frames\' clock', async () => {
    const frames = await decodeMedia(tmp.path('pattern.mp4'), { frames: 5 });
    const region = await decodeRegion(tmp.path('pattern.mp4'), frames, [100.4, 50.6, 120, 80]);
    expect(region).toMatchObject({ ox: 100, oy: 50, px: 1, width: 120, height: 80 });
    expect(region.frames).toHaveLength(25); // 25 fps read at 12.5: frames at least 1/16 s apart
    expect(region.frames[0]!.t).toBe(0);
    expect(region.frames[12]!.t).toBeCloseTo(0.96, 2);
    // The region's pixels are the sampled frame's, in grey (BT.601 luma, within the codec's rounding).
    const rgb = frames.frames[0]!.rgb;
    const at = (x: number, y: number) => { const i = (y * frames.width + x) * 3; return 0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!; };
    for (const [x, y] of [[110, 60], [200, 120], [150, 90]] as const) {
      expect(Math.abs(region.frames[0]!.grey[(y - 50) * 120 + (x - 100)]! - at(x, y))).toBeLessThan(12);
    }
  });

  it('reads at a lower resolution, placing the region in the sampled frames\' coordinates', async () => {
    const frames = await decodeMedia(tmp.path('pattern.mp4'), { frames: 5 });
    const region = await decodeRegion(tmp.path('pattern.mp4'), frames, [100, 50, 120, 80], 0.5);
    expect(region.px).toBeCloseTo(2, 5);
    expect(region.width).toBe(60);
    expect(region.height).toBe(40);
    expect(region.ox).toBeCloseTo(100.5, 5);
  });

  it('keeps the timestamps of a clip with dropped frames (variable frame rate), and clips the region to the picture', async () => {
    const frames = await decodeMedia(tmp.path('dropped.mp4'), { frames: 5 });
    const region = await decodeRegion(tmp.path('dropped.mp4'), frames, [600, 400, 200, 200]);
    expect(region).toMatchObject({ ox: 600, oy: 400, width: 40, height: 80 });
    expect(region.frames).toHaveLength(25);
    const gaps = region.frames.slice(1).map((f, i) => f.t - region.frames[i]!.t);
    for (const g of gaps) expect(g).toBeCloseTo(0.08, 2);
  });

  it('reads the same when started early and given its region later', async () => {
    const frames = await decodeMedia(tmp.path('pattern.mp4'), { frames: 5 });
    const now = await decodeRegion(tmp.path('pattern.mp4'), frames, [100, 50, 120, 80]);
    const pass = prepareRegion(tmp.path('pattern.mp4'));
    await new Promise((r) => setTimeout(r, 300)); // ffmpeg is up and waiting for its filters
    const later = await pass.read(frames, [100, 50, 120, 80]);
    expect(later).toEqual(now);
    await expect(pass.read(frames, [100, 50, 120, 80])).rejects.toThrow(/already/);
    await pass.cancel(); // after a read: nothing left to end
  });

  it.runIf(canListChildren)('ends a waiting pass and removes its files when cancelled or given a region off the picture', async () => {
    const frames = await decodeMedia(tmp.path('pattern.mp4'), { frames: 5 });
    const own = tmp.path('tmp');
    await withTmpdir(own, async () => {
      const cancelled = prepareRegion(tmp.path('pattern.mp4'));
      expect(readdirSync(own)).toHaveLength(1);
      expect(childProcesses()).toHaveLength(1); // the pass's ffmpeg (its shell until it execs)
      await cancelled.cancel();
      expect(readdirSync(own)).toEqual([]);
      expect(childProcesses()).toEqual([]);
      const off = await prepareRegion(tmp.path('pattern.mp4')).read(frames, [700, 500, 50, 50]);
      expect(off).toMatchObject({ width: 0, height: 0, frames: [] });
      expect(readdirSync(own)).toEqual([]);
      expect(childProcesses()).toEqual([]);
    });
  });

  it('refuses a file that is not a video before starting ffmpeg', () => {
    expect(() => prepareRegion(fixture('faces/people/obama/obama.jpg'))).toThrow(/not a video/);
  });
});

describe.skipIf(!hasFixtures)('stageMedia', () => {
  it('writes an upload held in memory to a private file once, readable until released', async () => {
    const clip = readFileSync(fixture('videos/real-selfie-1.mp4'));
    const staged = await stageMedia(clip);
    expect(staged.path).not.toBeNull();
    expect(readFileSync(staged.path!).equals(clip)).toBe(true);
    await staged.release();
    expect(existsSync(staged.path!)).toBe(false);
    await staged.release(); // twice is harmless
  });

  it('passes a path through, and a still image or an empty upload to decodeMedia as they are', async () => {
    const path = fixture('videos/real-selfie-1.mp4');
    expect(await stageMedia(path)).toMatchObject({ input: path, path });
    const photo = readFileSync(fixture('faces/people/obama/obama.jpg'));
    expect((await stageMedia(photo)).path).toBeNull();
    expect((await stageMedia(Buffer.alloc(0))).path).toBeNull();
  });
});
