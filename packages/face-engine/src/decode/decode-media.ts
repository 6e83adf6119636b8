// Entry point of decoding: Buffer or path in, evenly sampled RGB frames out.
// Size is checked before anything is read into memory; Buffers that go to
// ffmpeg are written to a private temp dir that is always removed.
import { mkdtemp, rm, stat, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaceEngineError } from '../errors.js';
import type { AnalyzeOptions, DecodedFrames } from '../types.js';
import { decodeImage } from './image.js';
import { resolveLimits } from './limits.js';
import { readStart } from './read-start.js';
import { isStillImage, sniff } from './sniff.js';
import { decodeVideo, type DecodeListeners } from './video.js';

/** The first 16 bytes of a file, for sniff(). */
export const readHead = (file: string): Uint8Array => readStart(file, 16);

/** `listeners` (videos only) hear each sampled frame as soon as it is decoded, and when the limits held; see decodeVideo. */
export async function decodeMedia(input: Buffer | Uint8Array | string, opts: AnalyzeOptions = {}, listeners?: DecodeListeners): Promise<DecodedFrames> {
  const limits = resolveLimits(opts);
  if (typeof input === 'string') {
    let size: number;
    try {
      const st = await stat(input);
      if (!st.isFile()) throw new Error('Not a regular file.');
      size = st.size;
    } catch (cause) {
      throw new FaceEngineError('NOT_A_VIDEO', 'The file does not exist or cannot be read.', { cause });
    }
    if (size === 0) throw new FaceEngineError('NOT_A_VIDEO', 'The file is empty.');
    if (size > limits.maxBytes) throw new FaceEngineError('TOO_LARGE', `The file is ${size} bytes, more than ${limits.maxBytes}.`);
    const kind = sniff(readHead(input));
    if (isStillImage(kind)) return decodeImage(await readFile(input), limits);
    return decodeVideo(input, kind, limits, listeners);
  }
  const data = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (data.length === 0) throw new FaceEngineError('NOT_A_VIDEO', 'The upload is empty.');
  if (data.length > limits.maxBytes) {
    throw new FaceEngineError('TOO_LARGE', `The upload is ${data.length} bytes, more than ${limits.maxBytes}.`);
  }
  const kind = sniff(data.subarray(0, 16));
  if (isStillImage(kind)) return decodeImage(data, limits);
  const dir = await mkdtemp(join(tmpdir(), 'face-engine-'));
  try {
    const file = join(dir, 'input');
    await writeFile(file, data, { mode: 0o600 });
    return await decodeVideo(file, kind, limits, listeners);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
