// Where media (face crops, authentication clips) live, named by id: a folder
// (file-media-store.ts) or an S3-compatible bucket (s3-media-store.ts).
// Uploads first land in this instance's own temp folder (the engine reads
// them from disk), then `adopt` moves them into the store under their id,
// before the row naming them commits; a crash in between leaves an orphan
// that the start-up sweep removes.
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { privateDir } from '@alice-face/private-files';

export interface StoredMedia {
  /** The name under the store's root (an id, or a partial copy left by a crash). */
  name: string;
  /** Last write, ms since the epoch. */
  modifiedAt: number;
}

export interface MediaStore {
  /** The folder or `s3://bucket/prefix`, for logs. */
  readonly location: string;
  /** This instance's folder for uploads in progress (never shared). */
  readonly tmpDir: string;
  /** A fresh path for an upload in progress. */
  tempPath(): string;
  putBuffer(id: string, data: Buffer): Promise<void>;
  /** Moves a finished upload into the store under `id`; the temp file is gone afterwards. */
  adopt(id: string, tempFile: string): Promise<void>;
  /** The media's bytes, streamed. */
  read(id: string): Promise<Readable>;
  remove(ids: Iterable<string>): Promise<void>;
  /** Everything stored, for the sweep. */
  list(): AsyncIterable<StoredMedia>;
  close(): Promise<void>;
}

/** Server-made media ids are UUIDs; anything else never names a media. */
export const MEDIA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function assertMediaId(id: string): void {
  if (!MEDIA_ID.test(id)) throw new Error(`Invalid media id: ${id}`);
}

export function makeTempDir(tmpDir: string): string {
  privateDir(tmpDir);
  return tmpDir;
}

export function tempUploadPath(tmpDir: string): string {
  return join(tmpDir, `upload-${randomUUID()}`);
}

/**
 * Start-up sweep. The temp folder is this instance's own, so everything in it
 * is a dead upload. In the store, only what no row names and was last written
 * before `olderThan` goes: with instances sharing the store, a younger file may
 * be another instance's upload whose row is about to commit.
 */
export async function sweepMedia(media: MediaStore, knownIds: Set<string>, olderThan: number): Promise<{ removed: number }> {
  let removed = 0;
  for (const name of readdirSync(media.tmpDir)) {
    await rm(join(media.tmpDir, name), { force: true, recursive: true });
    removed++;
  }
  const orphans: string[] = [];
  for await (const item of media.list()) {
    if (!knownIds.has(item.name) && item.modifiedAt < olderThan) orphans.push(item.name);
  }
  await media.remove(orphans);
  return { removed: removed + orphans.length };
}
