// A path ffmpeg can read more than once. The engine reads a clip twice (the
// sampled frames, then every frame of the eyes' region once the face is
// found), so an upload held in memory is written once to a private
// temporary file and removed by `release`. A path is used as it is; a still
// image, an empty or an oversize upload are passed through for decodeMedia
// to read or refuse as usual.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalyzeOptions } from '../types.js';
import { resolveLimits } from './limits.js';
import { isStillImage, sniff } from './sniff.js';

export interface StagedMedia {
  /** What to decode: the original input, or the path of its temporary copy. */
  input: string | Buffer | Uint8Array;
  /** A readable path for a second pass, when there is one. */
  path: string | null;
  /** Removes the temporary copy (none for a path); safe to call more than once. */
  release(): Promise<void>;
}

const none = async (): Promise<void> => {};

export async function stageMedia(input: Buffer | Uint8Array | string, opts: AnalyzeOptions = {}): Promise<StagedMedia> {
  if (typeof input === 'string') return { input, path: input, release: none };
  const limits = resolveLimits(opts);
  if (input.length === 0 || input.length > limits.maxBytes || isStillImage(sniff(input.subarray(0, 16)))) return { input, path: null, release: none };
  const dir = await mkdtemp(join(tmpdir(), 'face-engine-'));
  const path = join(dir, 'input');
  let released: Promise<void> | undefined;
  const release = (): Promise<void> => (released ??= rm(dir, { recursive: true, force: true }));
  try {
    await writeFile(path, input, { mode: 0o600 });
  } catch (err) {
    await release();
    throw err;
  }
  return { input: path, path, release };
}
