// Streams the multipart file of a request (one field, e.g. `video`) to a temp
// file (0600) with busboy, enforcing the limits while the bytes arrive (a
// lying Content-Length or an endless body never reaches memory or the disk
// beyond the limit). Refusals are UploadErrors, HttpErrors of
// @alice-face/http-common: an HTTP status, a stable code, a message for the
// person, details; the apps' errorHandler answers them as they are.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '@alice-face/http-common';
import busboy from 'busboy';

export class UploadError extends HttpError {
  declare readonly status: 400 | 413 | 415 | 500;
  declare readonly details?: Record<string, unknown>;

  constructor(status: 400 | 413 | 415 | 500, code: string, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(status, code, message, { details, cause: options?.cause });
    this.name = 'UploadError';
  }
}

function invalidRequest(field: string, message: string): UploadError {
  return new UploadError(400, 'INVALID_REQUEST', message, { field });
}

export interface Upload {
  /** Temp file holding the upload; the caller removes or adopts it. */
  path: string;
  size: number;
  filename: string;
  mimeType: string;
  fields: Record<string, string>;
}

export function tooLarge(maxBytes: number): UploadError {
  const size = maxBytes >= 1048576 ? `${Math.floor(maxBytes / 1048576)} MB` : `${Math.floor(maxBytes / 1024)} kB`;
  return new UploadError(413, 'TOO_LARGE', `The upload is larger than the limit of ${size}.`, { max_bytes: maxBytes });
}

export async function receiveUpload(req: IncomingMessage, opts: { field: string; maxBytes: number; tempPath: string }): Promise<Upload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    throw new UploadError(415, 'UNSUPPORTED_MEDIA', `Send the ${opts.field} as multipart/form-data.`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBytes + 64 * 1024) throw tooLarge(opts.maxBytes);

  let bb: busboy.Busboy;
  try {
    bb = busboy({ headers: req.headers, limits: { fileSize: opts.maxBytes, files: 4, fields: 16, fieldSize: 4096, parts: 24 } });
  } catch {
    throw invalidRequest('content-type', 'The multipart request has no valid boundary.');
  }

  let written = false;
  let out: ReturnType<typeof createWriteStream> | undefined;
  const result = await new Promise<Upload>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let upload: Omit<Upload, 'fields'> | undefined;
    let failure: UploadError | undefined;
    let fileDone: Promise<void> = Promise.resolve();
    const fail = (e: UploadError) => (failure ??= e);

    bb.on('field', (name, value) => (fields[name] = value));
    bb.on('file', (name, file, info) => {
      // busboy destroys a file stream with "Unexpected end of form" when the
      // body ends inside it; without a listener that error would crash the process.
      file.on('error', () => fail(invalidRequest('body', 'The multipart body is malformed.')));
      if (name !== opts.field || upload) {
        file.resume(); // ignore other files; one video per request
        return;
      }
      written = true;
      const sink = (out = createWriteStream(opts.tempPath, { mode: 0o600 }));
      const current = (upload = { path: opts.tempPath, size: 0, filename: info.filename ?? '', mimeType: info.mimeType });
      file.on('data', (chunk: Buffer) => (current.size += chunk.length));
      file.on('limit', () => {
        // Stop reading at once: the error handler drains a little of the rest
        // for the client's sake and hangs up on anything huge.
        req.unpipe(bb);
        file.unpipe(sink);
        sink.destroy();
        reject(tooLarge(opts.maxBytes));
      });
      fileDone = new Promise<void>((res) => {
        sink.on('close', res);
        sink.on('error', (e) => {
          fail(new UploadError(500, 'INTERNAL', 'The upload could not be stored.', undefined, { cause: e }));
          res();
        });
      });
      file.pipe(sink);
    });
    bb.on('error', () => reject(invalidRequest('body', 'The multipart body is malformed.')));
    bb.on('partsLimit', () => fail(invalidRequest('body', 'The multipart body has too many parts.')));
    bb.on('close', () => {
      void fileDone.then(() => {
        if (failure) return reject(failure);
        if (!upload) return reject(invalidRequest(opts.field, `The ${opts.field} file is missing.`));
        if (upload.size === 0) return reject(invalidRequest(opts.field, `The ${opts.field} file is empty.`));
        resolve({ ...upload, fields });
      });
    });
    req.on('close', () => {
      if (!req.complete) reject(invalidRequest('body', 'The upload was interrupted.'));
    });
    req.pipe(bb);
  }).catch(async (err: unknown) => {
    const sink = out;
    if (sink && !sink.closed) {
      // Wait for the file to be closed (it may still be opening) so the rm below cannot lose the race.
      await new Promise<void>((res) => {
        sink.once('close', () => res());
        sink.destroy();
      });
    }
    if (written) await rm(opts.tempPath, { force: true });
    throw err;
  });
  return result;
}
