// Turns any MediaInput into a Blob with a file name and content type for a multipart upload.
// Streams are read into memory first: a multipart body needs the part's bytes, and a retry
// after a 401 must be able to send them again.
import * as fs from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { CLIENT_ERROR_CODES, invalidArgument, OnboardingApiError } from './errors.js';
import { contentTypeFromName, extensionOf, sniffContentType } from './media-types.js';
import type { MediaInput, MediaOptions } from './types.js';

export interface PreparedMedia {
  blob: Blob;
  filename: string;
  contentType: string;
}

export async function prepareMedia(operation: string, input: MediaInput, options: MediaOptions = {}): Promise<PreparedMedia> {
  const { blob, name } = await toBlob(operation, input);
  const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  if (blob.size === 0) throw invalidArgument(operation, 'The media is empty.');
  const contentType =
    options.contentType ??
    (blob.type && blob.type !== 'application/octet-stream' ? blob.type : undefined) ??
    (name ? contentTypeFromName(name) : undefined) ??
    sniffContentType(head);
  const filename = options.filename ?? name ?? `media.${extensionOf(contentType)}`;
  // Re-wrap so the part carries the chosen type whatever the source Blob said.
  const typed = blob.type === contentType ? blob : new Blob([blob], { type: contentType });
  return { blob: typed, filename, contentType };
}

async function toBlob(operation: string, input: MediaInput): Promise<{ blob: Blob; name?: string }> {
  if (typeof input === 'string') return { blob: await blobFromPath(operation, input), name: basename(input) };
  if (input instanceof Blob) {
    const name = (input as { name?: unknown }).name;
    return typeof name === 'string' && name ? { blob: input, name } : { blob: input };
  }
  if (input instanceof Uint8Array) return { blob: new Blob([input as Uint8Array<ArrayBuffer>]) };
  if (isWebStream(input)) return { blob: await readAll(operation, Readable.fromWeb(input as never)) };
  if (isNodeStream(input)) {
    const path = (input as { path?: unknown }).path;
    const blob = await readAll(operation, input);
    return typeof path === 'string' ? { blob, name: basename(path) } : { blob };
  }
  throw invalidArgument(operation, 'The media must be a Buffer, Uint8Array, Blob, stream or file path.');
}

async function blobFromPath(operation: string, path: string): Promise<Blob> {
  try {
    // stat first: openAsBlob reports a missing file as a bad argument, not ENOENT.
    const stats = await fs.promises.stat(path);
    if (!stats.isFile()) throw new Error(`${path} is not a file.`);
    // openAsBlob reads the file lazily from disk instead of holding it in memory.
    if (typeof fs.openAsBlob === 'function') return await fs.openAsBlob(path);
    return new Blob([await fs.promises.readFile(path)]);
  } catch (error) {
    throw new OnboardingApiError({
      status: 0,
      code: CLIENT_ERROR_CODES.INVALID_MEDIA,
      message: `Could not read the media file ${path}.`,
      operation,
      cause: error,
    });
  }
}

async function readAll(operation: string, stream: AsyncIterable<unknown>): Promise<Blob> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  try {
    for await (const chunk of stream) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array<ArrayBuffer>));
    }
  } catch (error) {
    throw new OnboardingApiError({
      status: 0,
      code: CLIENT_ERROR_CODES.INVALID_MEDIA,
      message: 'Could not read the media stream.',
      operation,
      cause: error,
    });
  }
  return new Blob(chunks);
}

function isWebStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as { getReader?: unknown }).getReader === 'function';
}

function isNodeStream(value: unknown): value is NodeJS.ReadableStream {
  return typeof (value as { pipe?: unknown }).pipe === 'function' && Symbol.asyncIterator in (value as object);
}
