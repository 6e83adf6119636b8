// Still images through sharp: EXIF orientation applied, alpha dropped, scaled
// down to the engine's frame size (a 50-megapixel phone photo is fine), RGB24 out.
import sharp from 'sharp';
import { FaceEngineError } from '../errors.js';
import type { DecodedFrames } from '../types.js';
import { fitSize, type ResolvedLimits } from './limits.js';

/** Largest decoded-to-file size ratio a real image file reaches (deflate's limit). */
const MAX_EXPANSION = 1032;

export async function decodeImage(data: Buffer, limits: ResolvedLimits): Promise<DecodedFrames> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new FaceEngineError('CORRUPT_MEDIA', 'The image could not be read.', { cause });
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w <= 0 || h <= 0) throw new FaceEngineError('CORRUPT_MEDIA', 'The image has no pixels.');
  if (w * h > limits.maxImagePixels) {
    throw new FaceEngineError('TOO_LARGE', `The image is ${w}x${h}, more than ${limits.maxImagePixels / 1e6} megapixels: too large to decode safely.`);
  }
  // Deflate cannot compress beyond 1032:1 and JPEG needs bits for every 8x8
  // block: a header declaring more pixels than that is a decompression bomb
  // or a truncated file, refused before any pixel is decoded.
  if (w * h * 3 > MAX_EXPANSION * data.length) {
    throw new FaceEngineError('CORRUPT_MEDIA', `The image declares ${w}x${h} pixels, more than a file of ${data.length} bytes can hold.`);
  }
  // Orientations 5-8 swap width and height once applied.
  const swapped = (meta.orientation ?? 1) >= 5;
  const target = fitSize(swapped ? h : w, swapped ? w : h, limits.maxSide);
  try {
    const { data: rgb, info } = await sharp(data, { limitInputPixels: limits.maxImagePixels, failOn: 'error' })
      .rotate()
      .resize({ width: target.width, height: target.height, fit: 'fill' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`Unexpected ${info.channels} channels.`);
    return {
      kind: 'image',
      format: meta.format ?? 'image',
      codec: meta.format ?? 'image',
      width: info.width,
      height: info.height,
      durationSec: 0,
      frames: [{ t: 0, rgb: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.byteLength) }],
    };
  } catch (cause) {
    throw new FaceEngineError('CORRUPT_MEDIA', 'The image could not be decoded.', { cause });
  }
}
