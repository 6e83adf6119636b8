// matchScore: the calibrated map, then genuine and impostor pairs of real
// faces on both sides of 50, photo vs video, and WebM vs MP4 of one clip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './support/fixtures.js';
import { FaceEngine } from '../src/engine.js';
import { DECISION_DISTANCE, matchScore, scoreFromDistance } from '../src/match.js';
import { ffmpeg, tempDir } from './support/media.js';

describe('scoreFromDistance', () => {
  it('is 50 at the decision distance and falls monotonically with distance', () => {
    expect(scoreFromDistance(DECISION_DISTANCE)).toBe(50);
    const scores = [0, 0.2, 0.4, 0.5, 0.55, 0.6, 0.7, 1, 2].map(scoreFromDistance);
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThanOrEqual(scores[i - 1]!);
    expect(scores[0]).toBe(100);
    expect(scores.at(-1)).toBe(0);
  });

  it('scores identical templates 100 and rejects mismatched lengths', () => {
    const a = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i) / 10);
    expect(matchScore(a, a)).toBe(100);
    expect(() => matchScore(a, a.subarray(0, 64))).toThrow(TypeError);
  });
});

describe.skipIf(!hasFixtures)('matchScore on real faces', () => {
  let engine: FaceEngine;
  const tmp = tempDir('match');
  const templates = new Map<string, Float32Array>();
  const template = async (file: string): Promise<Float32Array> => {
    let t = templates.get(file);
    if (!t) {
      t = (await engine.analyze(file)).template;
      templates.set(file, t);
    }
    return t;
  };
  const people = (p: string) => fixture(`faces/people/${p}`);
  beforeAll(async () => {
    engine = await FaceEngine.create();
  });
  afterAll(() => tmp.cleanup());

  it.each([
    ['obama/obama.jpg', 'obama/obama2.jpg'],
    ['biden/biden.jpg', 'biden/biden2.jpg'],
    ['amy/amy1.png', 'amy/amy3.png'],
  ])('genuine pair %s ~ %s scores >= 50', async (a, b) => {
    expect(matchScore(await template(people(a)), await template(people(b)))).toBeGreaterThanOrEqual(50);
  });

  it.each([
    ['obama/obama.jpg', 'biden/biden.jpg'],
    ['amy/amy1.png', 'penny/penny1.png'],
    ['leonard/leonard1.png', 'sheldon/sheldon1.png'],
  ])('impostor pair %s ~ %s scores < 50', async (a, b) => {
    expect(matchScore(await template(people(a)), await template(people(b)))).toBeLessThan(50);
  });

  it('matches the stage clip to his photo and not to another person', async () => {
    const stage = await template(fixture('videos/stage-clip-lin-manuel-miranda.mp4'));
    expect(matchScore(stage, await template(people('lin_manuel_miranda/lin-manuel-miranda.png')))).toBeGreaterThanOrEqual(50);
    expect(matchScore(stage, await template(people('alex_lacamoire/alex-lacamoire.png')))).toBeLessThan(50);
  });

  it('gives WebM and MP4 of the same clip the same verdict within a few points', async () => {
    // The whole clip as MP4 (the fixture) and as WebM VP8; the reference is
    // its second half, so the match is a genuine pair of two recordings' worth.
    const source = fixture('videos/real-selfie-1.mp4');
    await ffmpeg('-i', source, '-an', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1M', tmp.path('clip.webm'));
    await ffmpeg('-ss', '1.6', '-i', source, '-an', '-c:v', 'libx264', '-preset', 'veryfast', tmp.path('second.mp4'));
    const reference = await template(tmp.path('second.mp4'));
    const mp4 = await engine.analyze(source);
    const webm = await engine.analyze(tmp.path('clip.webm'));
    const sMp4 = matchScore(mp4.template, reference);
    const sWebm = matchScore(webm.template, reference);
    expect(sMp4).toBeGreaterThanOrEqual(50);
    expect(sWebm).toBeGreaterThanOrEqual(50);
    expect(Math.abs(sMp4 - sWebm)).toBeLessThanOrEqual(5);
    expect(matchScore(mp4.template, webm.template)).toBeGreaterThanOrEqual(90);
    // Liveness is scored by src/liveness (its own tests hold its figures); here only
    // that the container does not change the verdict, with a loose bound on the value.
    expect(mp4.liveness).not.toBeNull();
    expect(webm.liveness).not.toBeNull();
    expect(mp4.liveness! >= 50).toBe(webm.liveness! >= 50);
    expect(Math.abs(mp4.liveness! - webm.liveness!)).toBeLessThanOrEqual(15);
  });
});
