// Big photos are scaled down, not refused; only what could exhaust memory
// is: over 50 megapixels, or a header declaring more pixels than the file
// can hold (a decompression bomb).
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeMedia } from '../src/decode/decode-media.js';
import { DEFAULT_LIMITS } from '../src/decode/limits.js';
import { FaceEngineError } from '../src/errors.js';
import { tempDir } from './support/media.js';

async function refusal(work: Promise<unknown>): Promise<FaceEngineError> {
  const err = await work.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(FaceEngineError);
  return err as FaceEngineError;
}

/** A noisy photo-like JPEG of the given size (noise, so it compresses like a photo, not like a flat bomb). */
async function jpeg(width: number, height: number): Promise<Buffer> {
  const small = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
  return sharp(small).resize(width, height, { kernel: 'nearest' }).jpeg({ quality: 80 }).toBuffer();
}

/** A PNG of 1x1 pixels whose header is rewritten to declare width x height, with a valid CRC. */
async function lyingPng(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } }).png().toBuffer());
  // Signature (8) | length (4) | "IHDR" (4) | width (4) | height (4) | ... (5) | CRC (4)
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  return png;
}

describe('photo size limits', () => {
  const tmp = tempDir('photo-size');
  afterAll(() => tmp.cleanup());

  it('allows photos up to 50 megapixels by default', () => {
    expect(DEFAULT_LIMITS.maxImagePixels).toBe(50_000_000);
  });

  it('scales a 48-megapixel photo down to the engine frame size', async () => {
    const d = await decodeMedia(await jpeg(8000, 6000));
    expect(d.kind).toBe('image');
    expect(Math.max(d.width, d.height)).toBe(DEFAULT_LIMITS.maxSide);
    expect(d.width / d.height).toBeCloseTo(8000 / 6000, 2);
  }, 60_000);

  it('refuses a photo over 50 megapixels with TOO_LARGE, saying why', async () => {
    const err = await refusal(decodeMedia(await jpeg(8200, 6200)));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.message).toMatch(/8200x6200, more than 50 megapixels/);
  }, 60_000);

  it('refuses a header that declares more pixels than the file can hold, before decoding', async () => {
    const err = await refusal(decodeMedia(await lyingPng(6000, 6000)));
    expect(err.code).toBe('CORRUPT_MEDIA');
    expect(err.message).toMatch(/declares 6000x6000 pixels, more than a file of \d+ bytes can hold/);
  });

  it('still reads a small honest PNG', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#808080' } }).png().toBuffer();
    expect((await decodeMedia(png)).width).toBe(40);
  });
});
