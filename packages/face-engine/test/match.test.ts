// Matching: the fused score's map and template versions; then real faces:
// no two different people of the fixture photos reach 50, clip halves of
// one recording and the stage clip match their person, WebM and MP4 of one
// clip agree.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './support/fixtures.js';
import { FaceEngine } from '../src/engine.js';
import { FUSED_AT_40, FUSED_THRESHOLD, matchDetails, matchScore, scoreFromFused } from '../src/match.js';
import { packTemplate, TEMPLATE_LENGTH, templateVersionOf } from '../src/template-format.js';
import { ffmpeg, tempDir } from './support/media.js';

const randomTemplate = (seed: number): Float32Array => {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  return packTemplate({
    dlib: Float32Array.from({ length: 128 }, () => next() / 5),
    faceres: Float32Array.from({ length: 1024 }, next),
    mobileface: Float32Array.from({ length: 256 }, next),
  });
};

describe('the fused score', () => {
  it('is 50 at the threshold, 40 at the 1-in-10,000 point, and rises monotonically', () => {
    expect(scoreFromFused(FUSED_THRESHOLD)).toBe(50);
    expect(scoreFromFused(FUSED_AT_40)).toBe(40);
    const scores = [-20, 0, 5, 10, FUSED_THRESHOLD, 15, 20, 30, 60].map(scoreFromFused);
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeGreaterThanOrEqual(scores[i - 1]!);
    expect(scores[0]).toBe(0);
    expect(scores.at(-1)).toBe(100);
  });

  it('scores a template against itself far above 50 and two unrelated ones far below', () => {
    const a = randomTemplate(1);
    expect(matchScore(a, a)).toBeGreaterThan(90);
    expect(matchScore(a, randomTemplate(2))).toBeLessThan(10);
    const d = matchDetails(a, a);
    expect(Object.keys(d.models)).toEqual(['dlib', 'faceres', 'mobileface']);
    expect(d.models.dlib.similarity).toBe(0);
  });

  it('refuses to compare templates of another version or layout', () => {
    const v2 = randomTemplate(3);
    const v1 = new Float32Array(128).fill(0.01);
    expect(templateVersionOf(v2)).toBe(2);
    expect(templateVersionOf(v1)).toBe(1);
    expect(templateVersionOf(new Float32Array(7))).toBeUndefined();
    expect(() => matchScore(v2, v1)).toThrow(/version 2 and 1/);
    expect(() => matchScore(v1, v1)).toThrow(TypeError);
    expect(v2).toHaveLength(TEMPLATE_LENGTH);
  });
});

describe.skipIf(!hasFixtures)('matching real faces', () => {
  let engine: FaceEngine;
  const tmp = tempDir('match');
  const templates = new Map<string, Promise<Float32Array>>();
  const template = (file: string): Promise<Float32Array> => {
    let t = templates.get(file);
    if (!t) templates.set(file, (t = engine.analyze(file).then((a) => a.template)));
    return t;
  };
  beforeAll(async () => {
    engine = await FaceEngine.create();
  });
  afterAll(() => tmp.cleanup());

  it('accepts no pair of photos of two different people (every pair of faces/people)', async () => {
    const root = fixture('faces/people');
    const photos: Array<{ person: string; t: Float32Array }> = [];
    for (const person of readdirSync(root).sort()) {
      for (const file of readdirSync(`${root}/${person}`).sort()) photos.push({ person, t: await template(`${root}/${person}/${file}`) });
    }
    expect(photos.length).toBeGreaterThan(50);
    const accepted: string[] = [];
    for (let i = 0; i < photos.length; i++) {
      for (let j = i + 1; j < photos.length; j++) {
        const a = photos[i]!;
        const b = photos[j]!;
        if (a.person !== b.person && matchScore(a.t, b.t) >= 50) accepted.push(`${a.person}~${b.person}`);
      }
    }
    expect(accepted).toEqual([]);
  }, 600_000);

  it('matches the two halves of every real selfie recording, and no other person’s half', async () => {
    const clips = readdirSync(fixture('videos')).filter((f) => /^real-selfie-\d+\.mp4$/.test(f)).sort();
    const halves: Array<{ clip: string; t: Float32Array }> = [];
    for (const clip of clips) {
      for (const [i, cut] of [['-t', '1.75'], ['-ss', '1.75']].entries()) {
        const out = tmp.path(`${clip}-${i}.mp4`);
        await ffmpeg('-i', fixture(`videos/${clip}`), ...cut, '-an', '-c:v', 'libx264', '-preset', 'veryfast', out);
        halves.push({ clip, t: await template(out) });
      }
    }
    for (let i = 0; i < halves.length; i++) {
      for (let j = i + 1; j < halves.length; j++) {
        const s = matchScore(halves[i]!.t, halves[j]!.t);
        if (halves[i]!.clip === halves[j]!.clip) expect(s, `${halves[i]!.clip} halves`).toBeGreaterThanOrEqual(50);
        else expect(s, `${halves[i]!.clip} ~ ${halves[j]!.clip}`).toBeLessThan(50);
      }
    }
  }, 600_000);

  it('matches the stage clip to his photo and to nobody else', async () => {
    const stage = await template(fixture('videos/stage-clip-lin-manuel-miranda.mp4'));
    expect(matchScore(stage, await template(fixture('faces/people/lin_manuel_miranda/lin-manuel-miranda.png')))).toBeGreaterThanOrEqual(50);
    expect(matchScore(stage, await template(fixture('faces/people/alex_lacamoire/alex-lacamoire.png')))).toBeLessThan(50);
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
    expect(matchScore(mp4.template, webm.template)).toBeGreaterThanOrEqual(80);
    expect(mp4.liveness).not.toBeNull();
    expect(webm.liveness).not.toBeNull();
    expect(mp4.liveness! >= 50).toBe(webm.liveness! >= 50);
    expect(Math.abs(mp4.liveness! - webm.liveness!)).toBeLessThanOrEqual(15);
  });

  it('scales a 48-megapixel photo down and matches it to the same photo at its own size', async () => {
    const { default: sharp } = await import('sharp');
    const big = tmp.path('big.jpg');
    // 5000 x 9585: a 48-megapixel photo of the same picture, aspect kept.
    await sharp(fixture('faces/people/obama/obama2.jpg')).resize({ width: 5000 }).jpeg({ quality: 90 }).toFile(big);
    const a = await engine.analyze(big);
    expect(a.media).toMatchObject({ kind: 'image' });
    expect(Math.max(a.media.width, a.media.height)).toBeLessThanOrEqual(720);
    expect(matchScore(a.template, await template(fixture('faces/people/obama/obama2.jpg')))).toBeGreaterThanOrEqual(50);
  }, 120_000);
});
