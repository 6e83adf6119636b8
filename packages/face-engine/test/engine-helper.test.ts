// The engine's helper thread: detection shared between two threads gives the
// single loop's faces, frame for frame, whatever the cut and whether the
// helper answers, fails or is gone; the liveness measured there is the one
// measured here; an engine with its helper analyses exactly as one without.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMedia } from '../src/decode/decode-media.js';
import { runFfmpeg } from '../src/decode/ffmpeg.js';
import { detectVideoFrames, detectVideoFramesSplit, handOffAt, type SecondDetector } from '../src/detect/detect-clip.js';
import { EngineHelper } from '../src/engine-helper.js';
import { FaceEngine } from '../src/engine.js';
import { measureLiveness } from '../src/liveness/index.js';
import { loadModels, type Models } from '../src/models/registry.js';
import { extractFaceTrack } from '../src/track.js';
import type { DecodedFrames } from '../src/types.js';
import { fixture, hasFixtures } from './support/fixtures.js';
import { ffmpeg, tempDir, withTmpdir } from './support/media.js';
import { canListChildren, childProcesses } from './support/processes.js';

describe('handOffAt', () => {
  it('cuts at a detected frame (a multiple of 3), giving the other thread the larger share of the first half', () => {
    expect([2, 5, 6, 7, 12, 15, 30, 31].map(handOffAt)).toEqual([0, 0, 3, 3, 6, 6, 15, 15]);
  });
});

describe.skipIf(!hasFixtures)('detection shared with the helper thread', () => {
  let models: Models;
  let helper: EngineHelper;
  const decoded = new Map<string, DecodedFrames>();
  const frameAt = (frames: DecodedFrames) => async (i: number) => frames.frames[i];
  const single = (frames: DecodedFrames) => detectVideoFrames(models.human, frames.width, frames.height, frameAt(frames));
  const split = (frames: DecodedFrames, until: number, second: SecondDetector) =>
    detectVideoFramesSplit(models.human, frames.width, frames.height, frameAt(frames), { until, detect: second });

  beforeAll(async () => {
    helper = new EngineHelper();
    models = await loadModels();
    expect(await helper.started).toBe(true);
    // A selfie, and the stage clip with its camera cuts (tracked frames re-detected when a face is not where the
    // detections on both sides put it).
    for (const [name, n] of [['videos/real-selfie-2.mp4', 30], ['videos/stage-clip-lin-manuel-miranda.mp4', 30], ['videos/real-selfie-5.mp4', 7]] as const) {
      decoded.set(`${name}@${n}`, await decodeMedia(fixture(name), { frames: n }));
    }
  }, 120_000);
  afterAll(() => helper.close());

  it('finds the faces the single loop finds, frame for frame, at every cut', async () => {
    for (const frames of decoded.values()) {
      const expected = await single(frames);
      expect(expected.flat().length).toBeGreaterThan(0);
      for (const until of [3, handOffAt(frames.frames.length), frames.frames.length - 1, frames.frames.length + 3]) {
        if (until % 3 !== 0) continue;
        expect(await split(frames, until, helper.detect)).toEqual(expected);
      }
    }
  }, 240_000);

  it('detects every frame here when the helper cannot, fails, or is gone', async () => {
    const frames = decoded.get('videos/stage-clip-lin-manuel-miranda.mp4@30')!;
    const expected = await single(frames);
    expect(await split(frames, 15, async () => null)).toEqual(expected);
    expect(await split(frames, 15, async () => { throw new Error('helper failed'); })).toEqual(expected);
    const gone = new EngineHelper();
    await gone.started;
    await gone.close();
    expect(await split(frames, 15, gone.detect)).toEqual(expected);
  }, 240_000);

  it('measures liveness on the helper exactly as here', async () => {
    const { track, frames } = await extractFaceTrack(fixture('videos/real-selfie-3.mp4'));
    expect(await helper.measure(track, frames)).toEqual(measureLiveness(track, frames));
  }, 60_000);
});

describe.skipIf(!hasFixtures)('FaceEngine with and without its helper', () => {
  let withHelper: FaceEngine;
  let alone: FaceEngine;
  beforeAll(async () => {
    withHelper = await FaceEngine.create();
    alone = await FaceEngine.create({ helper: false });
  }, 120_000);
  afterAll(() => withHelper.close());

  const same = async (file: string, opts = {}) => {
    const a = await withHelper.analyze(file, opts);
    const b = await alone.analyze(file, opts);
    expect(a.liveness).toBe(b.liveness);
    expect(a.checks).toEqual(b.checks);
    expect(a.challenge).toEqual(b.challenge);
    expect(Array.from(a.template)).toEqual(Array.from(b.template));
    expect(a.croppedFace.equals(b.croppedFace)).toBe(true);
    return a;
  };

  it('gives the same analysis, passive and with a challenge', async () => {
    await same(fixture('videos/real-selfie-4.mp4'));
    const challenge = { steps: [{ kind: 'turn_left' as const, start: 0.5, end: 2.5 }] };
    expect((await same(fixture('videos/real-selfie-1.mp4'), { challenge })).challenge).toBeDefined();
  }, 120_000);

  it('still analyses, the same, once its helper is gone', async () => {
    const file = fixture('videos/real-selfie-2.mp4');
    const before = await withHelper.analyze(file);
    await withHelper.close();
    const after = await withHelper.analyze(file);
    expect(after.liveness).toBe(before.liveness);
    expect(after.checks).toEqual(before.checks);
    expect(Array.from(after.template)).toEqual(Array.from(before.template));
  }, 120_000);
});

describe.skipIf(!hasFixtures)('the eyes\' pass writes to private files', () => {
  const tmp = tempDir('helper-log');
  afterAll(() => tmp.cleanup());

  it('leaves nothing in the temporary directory after an analysis of an upload held in memory, passed or refused', async () => {
    const engine = await FaceEngine.create({ helper: false });
    const own = tmp.path('tmp');
    await withTmpdir(own, async () => {
      const analysis = await engine.analyze(readFileSync(fixture('videos/real-selfie-1.mp4')));
      expect(analysis.timings.eyes).toBeDefined();
      expect(readdirSync(own)).toEqual([]);
      // A refused analysis (no face) answers once its eyes' pass has ended and its staged copy is gone too.
      const faceless = tmp.path('faceless.mp4');
      await ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', '2', '-pix_fmt', 'yuv420p', faceless);
      await expect(engine.analyze(readFileSync(faceless))).rejects.toMatchObject({ code: 'NO_FACE' });
      expect(readdirSync(own)).toEqual([]);
      if (canListChildren) expect(childProcesses()).toEqual([]);
    });
  }, 60_000);

  it('reads ffmpeg\'s log back from a new 0600 file, and refuses one that exists', async () => {
    const log = tmp.path('log.txt');
    const run = await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=5', '-t', '1', '-vf', 'showinfo', '-f', 'null', '-'], { logFile: log });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/pts_time:0\.8/);
    expect(statSync(log).mode & 0o777).toBe(0o600);
    await expect(runFfmpeg(['-version'], { logFile: log })).rejects.toThrow(/EEXIST/);
  }, 60_000);
});
