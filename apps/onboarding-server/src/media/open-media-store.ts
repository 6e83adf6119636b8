// The media store a media URL names: unset → <data dir>/media; `file:///path`
// → that folder; `s3://bucket/prefix` → that bucket through the S3 settings.
// Temp uploads always go to <data dir>/tmp, this instance's own.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMediaStore } from './file-media-store.js';
import type { MediaStore } from './media-store.js';
import { S3MediaStore, s3Client, type S3Settings } from './s3-media-store.js';

export type MediaLocation = { kind: 'file'; dir: string } | { kind: 's3'; bucket: string; prefix: string };

/** Parses a media URL; throws an Error whose message says what is wrong. */
export function parseMediaUrl(raw: string): MediaLocation {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be a file:///absolute/path or s3://bucket/prefix URL');
  }
  if (url.protocol === 'file:') {
    if (url.host !== '') throw new Error('a file: URL names a local folder: file:///absolute/path');
    return { kind: 'file', dir: fileURLToPath(url) };
  }
  if (url.protocol === 's3:') {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(url.hostname)) throw new Error(`"${url.hostname}" is not a valid bucket name`);
    return { kind: 's3', bucket: url.hostname, prefix: decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '') };
  }
  throw new Error(`${url.protocol.slice(0, -1)}: is not supported (use file:///path or s3://bucket/prefix)`);
}

export function openMediaStore(dataDir: string, mediaUrl: string | undefined, s3: S3Settings = {}): MediaStore {
  const tmpDir = join(dataDir, 'tmp');
  const location = mediaUrl ? parseMediaUrl(mediaUrl) : ({ kind: 'file', dir: join(dataDir, 'media') } as const);
  if (location.kind === 'file') return new FileMediaStore(location.dir, tmpDir);
  return new S3MediaStore({ client: s3Client(s3), bucket: location.bucket, prefix: location.prefix, tmpDir });
}
