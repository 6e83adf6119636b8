// Decoding and its limits, without the face models: formats, rotation,
// every decode error code, and no temp file left behind.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './support/fixtures.js';
import { decodeMedia } from '../src/decode/decode-media.js';
import { FaceEngineError } from '../src/errors.js';
import { ffmpeg, sidewaysClip, tempDir } from './support/media.js';

const selfie = fixture('videos/real-selfie-1.mp4');

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    expect(err).toBeInstanceOf(FaceEngineError);
    return (err as FaceEngineError).code;
  }
  return 'RESOLVED';
}

describe.skipIf(!hasFixtures)('decodeMedia', () => {
  const tmp = tempDir('decode');
  beforeAll(async () => {
    const fast = ['-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1M', '-an'];
    await ffmpeg('-i', selfie, '-t', '2', '-c:v', 'libvpx', ...fast, tmp.path('vp8.webm'));
    await ffmpeg('-i', selfie, '-t', '2', '-c:v', 'libvpx-vp9', ...fast, tmp.path('vp9.webm'));
    await ffmpeg('-i', selfie, '-c', 'copy', tmp.path('clip.mov'));
    await sidewaysClip(selfie, tmp.path('sideways.mp4'), tmp.path('rotated.mp4'));
    await ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', tmp.path('long.mp4'));
    await ffmpeg('-f', 'lavfi', '-i', 'sine=d=2', tmp.path('audio.m4a'));
    writeFileSync(tmp.path('truncated.mp4'), readFileSync(selfie).subarray(0, 30_000));
    await ffmpeg('-i', selfie, '-frames:v', '1', '-c:v', 'libx264', '-preset', 'ultrafast', tmp.path('one-frame.mp4'));
  });
  afterAll(() => tmp.cleanup());

  it.each([
    ['MP4 H.264', () => selfie, 'mov,mp4,m4a,3gp,3g2,mj2', 'h264'],
    ['WebM VP8', () => tmp.path('vp8.webm'), 'matroska,webm', 'vp8'],
    ['WebM VP9', () => tmp.path('vp9.webm'), 'matroska,webm', 'vp9'],
    ['MOV', () => tmp.path('clip.mov'), 'mov,mp4,m4a,3gp,3g2,mj2', 'h264'],
  ])('decodes %s into evenly spaced frames', async (_name, file, format, codec) => {
    const d = await decodeMedia(file(), { frames: 12 });
    expect(d).toMatchObject({ kind: 'video', format, codec, width: 512, height: 512 });
    expect(d.frames).toHaveLength(12);
    expect(d.frames[0]!.rgb.length).toBe(512 * 512 * 3);
    const gaps = d.frames.slice(1).map((f, i) => f.t - d.frames[i]!.t);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThan(0.05);
  });

  it('decodes a Buffer the same as its path', async () => {
    const fromPath = await decodeMedia(tmp.path('vp8.webm'), { frames: 4 });
    const fromBuffer = await decodeMedia(readFileSync(tmp.path('vp8.webm')), { frames: 4 });
    expect(Buffer.compare(Buffer.from(fromPath.frames[2]!.rgb), Buffer.from(fromBuffer.frames[2]!.rgb))).toBe(0);
  });

  it('applies the rotation tag of a video', async () => {
    expect(await decodeMedia(tmp.path('sideways.mp4'), { frames: 2 })).toMatchObject({ width: 384, height: 512 });
    expect(await decodeMedia(tmp.path('rotated.mp4'), { frames: 2 })).toMatchObject({ width: 512, height: 384 });
  });

  it('applies EXIF orientation of a photo', async () => {
    const photo = readFileSync(fixture('faces/people/obama/obama.jpg'));
    const sideways = await sharp(photo).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const upright = await decodeMedia(photo);
    const restored = await decodeMedia(sideways);
    expect(restored.kind).toBe('image');
    expect([restored.width, restored.height]).toEqual([upright.width, upright.height]);
  });

  it('reads PNG and WebP photos', async () => {
    const png = await decodeMedia(fixture('faces/people/amy/amy1.png'));
    expect(png).toMatchObject({ kind: 'image', format: 'png', width: 150, height: 150 });
    const webp = await sharp(fixture('faces/people/amy/amy1.png')).webp().toBuffer();
    expect(await decodeMedia(webp)).toMatchObject({ kind: 'image', format: 'webp', width: 150, height: 150 });
  });

  it('refuses what is not a video: NOT_A_VIDEO', async () => {
    expect(await codeOf(decodeMedia(Buffer.from('%PDF-1.4 definitely not a video')))).toBe('NOT_A_VIDEO');
    expect(await codeOf(decodeMedia(Buffer.alloc(0)))).toBe('NOT_A_VIDEO');
    expect(await codeOf(decodeMedia(tmp.path('audio.m4a')))).toBe('NOT_A_VIDEO');
    expect(await codeOf(decodeMedia(tmp.path('missing.mp4')))).toBe('NOT_A_VIDEO');
  });

  it('refuses a clip over the duration limit: TOO_LONG', async () => {
    expect(await codeOf(decodeMedia(tmp.path('long.mp4')))).toBe('TOO_LONG');
    expect(await codeOf(decodeMedia(selfie, { maxDurationSec: 2 }))).toBe('TOO_LONG');
  });

  it('refuses oversize input before decoding: TOO_LARGE', async () => {
    expect(await codeOf(decodeMedia(selfie, { maxBytes: 10_000 }))).toBe('TOO_LARGE');
    expect(await codeOf(decodeMedia(readFileSync(selfie), { maxBytes: 10_000 }))).toBe('TOO_LARGE');
    expect(await codeOf(decodeMedia(selfie, { maxPixels: 320 * 240 }))).toBe('TOO_LARGE');
    expect(await codeOf(decodeMedia(fixture('faces/people/obama/obama.jpg'), { maxImagePixels: 100 * 100 }))).toBe('TOO_LARGE');
  });

  it('takes a clip shorter than the sampling as it is, not as truncated', async () => {
    const d = await decodeMedia(tmp.path('one-frame.mp4'));
    expect(d).toMatchObject({ kind: 'video', width: 512, height: 512 });
    expect(d.frames).toHaveLength(1);
  });

  it('refuses damaged media: CORRUPT_MEDIA', async () => {
    expect(await codeOf(decodeMedia(tmp.path('truncated.mp4')))).toBe('CORRUPT_MEDIA');
    const jpeg = readFileSync(fixture('faces/people/obama/obama.jpg'));
    expect(await codeOf(decodeMedia(jpeg.subarray(0, 2000)))).toBe('CORRUPT_MEDIA');
    const garbled = Buffer.from(readFileSync(tmp.path('vp8.webm')));
    garbled.fill(0x55, 60, garbled.length);
    expect(await codeOf(decodeMedia(garbled))).toBe('CORRUPT_MEDIA');
  });

  it('leaves no temp file behind, on success or failure', async () => {
    const own = tempDir('tmpdir');
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = own.dir;
    try {
      await decodeMedia(readFileSync(tmp.path('vp8.webm')), { frames: 2 });
      await codeOf(decodeMedia(readFileSync(tmp.path('truncated.mp4'))));
      await codeOf(decodeMedia(Buffer.from('not a video at all')));
      expect(readdirSync(own.dir)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      own.cleanup();
    }
  });
});
