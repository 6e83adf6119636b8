// A recording the browser posts to this app (multipart `video`, CSRF header),
// streamed to a private temp file under the size limit, handed to `use` (which
// forwards it to the Onboarding API), and removed whatever happens. Refusals of
// the upload itself (too large, not multipart, no file) are UploadErrors,
// HttpErrors the error handler answers as they are.
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { privateDir } from '@alice-face/private-files';
import { join } from 'node:path';
import { receiveUpload, type Upload } from '@alice-face/multipart-upload';
import type { Request } from 'express';

/** The private dir recordings wait in; recordings older than an hour (left by a crash) are removed. */
export function recordingsDir(dataDir: string, now = Date.now()): string {
  const dir = join(dataDir, 'tmp');
  privateDir(dir);
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (now - statSync(file).mtimeMs > 60 * 60_000) rmSync(file, { force: true });
  }
  return dir;
}

export async function withRecording<T>(req: Request, opts: { tmpDir: string; maxBytes: number }, use: (upload: Upload) => Promise<T>): Promise<T> {
  const upload = await receiveUpload(req, { field: 'video', maxBytes: opts.maxBytes, tempPath: join(opts.tmpDir, `recording-${randomUUID()}`) });
  try {
    return await use(upload);
  } finally {
    await rm(upload.path, { force: true });
  }
}

/** Resolves once `floorMs` have passed since `sinceMs` (performance.now()): an answer that must not come sooner. */
export function holdUntil(sinceMs: number, floorMs: number): Promise<void> {
  const wait = sinceMs + floorMs - performance.now();
  return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
}
