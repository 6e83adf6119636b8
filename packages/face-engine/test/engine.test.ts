// The in-process engine on real fixtures through the real models: the
// Analysis shape, NO_FACE, every quality check, and the liveness check slot.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './support/fixtures.js';
import { FaceEngine } from '../src/engine.js';
import { FaceEngineError } from '../src/errors.js';
import type { Analysis } from '../src/types.js';
import { TEMPLATE_LENGTH, TEMPLATE_VERSION } from '../src/template-format.js';
import { sidewaysClip, tempDir } from './support/media.js';

const check = (a: Analysis, key: string) => {
  const c = a.checks.find((x) => x.key === key);
  if (!c) throw new Error(`No ${key} check in ${a.checks.map((x) => x.key).join(', ')}`);
  return c;
};

describe.skipIf(!hasFixtures)('FaceEngine.analyze', () => {
  let engine: FaceEngine;
  const tmp = tempDir('engine');
  let photo: Analysis;
  let clip: Analysis;
  beforeAll(async () => {
    engine = await FaceEngine.create();
    photo = await engine.analyze(fixture('faces/people/obama/obama.jpg'));
    clip = await engine.analyze(fixture('videos/real-selfie-1.mp4'));
  });
  afterAll(() => tmp.cleanup());

  it('describes a photo: template, cropped face, checks, timings', async () => {
    expect(photo.media).toMatchObject({ kind: 'image', format: 'jpeg', framesAnalyzed: 1 });
    expect(photo.numberOfFaces).toBe(1);
    expect(photo.template).toBeInstanceOf(Float32Array);
    expect(photo.template).toHaveLength(TEMPLATE_LENGTH);
    expect(photo.templateVersion).toBe(TEMPLATE_VERSION);
    expect(photo.template.every(Number.isFinite)).toBe(true);
    const meta = await sharp(photo.croppedFace).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 224, height: 224 });
    expect(photo.checks.map((c) => c.key)).toEqual(expect.arrayContaining(['only_one_face', 'face_size', 'sharpness', 'frontal', 'liveness']));
    for (const c of photo.checks) expect(c.detail).toMatch(/^[A-Z]/);
    expect(Object.keys(photo.timings)).toEqual(expect.arrayContaining(['decode', 'detect', 'embed', 'liveness', 'total']));
  });

  it('reports no liveness for a still photo, with the reason', () => {
    expect(photo.liveness).toBeNull();
    expect(check(photo, 'liveness')).toMatchObject({ value: null, detail: expect.stringMatching(/still image/i) });
  });

  it('analyses a selfie clip: one face, good quality, a frame count, a liveness check', () => {
    expect(clip.media).toMatchObject({ kind: 'video', width: 512, height: 512 });
    expect(clip.media.framesAnalyzed).toBeGreaterThanOrEqual(10);
    expect(clip.numberOfFaces).toBe(1);
    for (const key of ['only_one_face', 'face_size', 'sharpness', 'frontal']) expect(check(clip, key).value).toBeGreaterThanOrEqual(60);
    expect(check(clip, 'liveness')).toBeDefined();
  });

  it('rejects media without a face: NO_FACE', async () => {
    await expect(engine.analyze(fixture('faces/scenes/white.png'))).rejects.toMatchObject({ code: 'NO_FACE' });
    await expect(engine.analyze(readFileSync(fixture('faces/scenes/white.png')))).rejects.toBeInstanceOf(FaceEngineError);
  });

  it('only_one_face: low with two people, full with one', async () => {
    const two = await engine.analyze(fixture('faces/scenes/two_people.jpg'));
    expect(two.numberOfFaces).toBe(2);
    expect(check(two, 'only_one_face').value).toBeLessThan(50);
    expect(check(photo, 'only_one_face').value).toBe(100);
  });

  it('face_size: low for a small face in a large frame', async () => {
    const small = await sharp(fixture('faces/people/obama/obama.jpg')).resize(110).extend({ top: 300, bottom: 300, left: 300, right: 300, background: '#808080' }).jpeg().toBuffer();
    const a = await engine.analyze(small);
    expect(check(a, 'face_size').value).toBeLessThan(50);
    expect(check(photo, 'face_size').value).toBeGreaterThanOrEqual(70);
  });

  it('sharpness: low for a blurred photo', async () => {
    const blurred = await sharp(fixture('faces/people/obama/obama.jpg')).blur(5).jpeg().toBuffer();
    const a = await engine.analyze(blurred);
    expect(check(a, 'sharpness').value).toBeLessThan(50);
    expect(check(photo, 'sharpness').value).toBeGreaterThanOrEqual(80);
  });

  it('frontal: lower for a turned head than for a frontal one', async () => {
    const turned = await engine.analyze(fixture('faces/people/stuart/stuart5.png'));
    const frontal = await engine.analyze(fixture('faces/people/stuart/stuart1.png'));
    expect(check(turned, 'frontal').value).toBeLessThan(check(frontal, 'frontal').value! - 20);
    expect(check(frontal, 'frontal').value).toBeGreaterThanOrEqual(70);
  });

  it('finds the face upright in a video coded sideways with a rotation tag', async () => {
    await sidewaysClip(fixture('videos/real-selfie-1.mp4'), tmp.path('sideways.mp4'), tmp.path('rotated.mp4'));
    const a = await engine.analyze(tmp.path('rotated.mp4'));
    expect([a.media.width, a.media.height]).toEqual([512, 384]);
    expect(check(a, 'frontal').value).toBeGreaterThanOrEqual(60);
  });

  it('passes limits through: TOO_LONG from analyze', async () => {
    await expect(engine.analyze(fixture('videos/real-selfie-1.mp4'), { maxDurationSec: 1 })).rejects.toMatchObject({ code: 'TOO_LONG' });
  });
});
