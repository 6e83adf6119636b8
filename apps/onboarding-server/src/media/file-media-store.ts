// Media as files named by id in one folder (the data dir's media/ by default,
// or a folder shared by instances through ONBOARDING_MEDIA_URL=file:///…).
// Written atomically: a temp file renamed into place, so a crash never leaves
// a half file under a real id.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { privateDir } from '@alice-face/private-files';
import { copyFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { assertMediaId, makeTempDir, tempUploadPath, type MediaStore, type StoredMedia } from './media-store.js';

export class FileMediaStore implements MediaStore {
  readonly dir: string;
  readonly tmpDir: string;

  constructor(dir: string, tmpDir: string) {
    this.dir = dir;
    privateDir(dir);
    this.tmpDir = makeTempDir(tmpDir);
  }

  get location(): string {
    return this.dir;
  }

  tempPath(): string {
    return tempUploadPath(this.tmpDir);
  }

  async putBuffer(id: string, data: Buffer): Promise<void> {
    const tmp = this.tempPath();
    try {
      await writeFile(tmp, data, { mode: 0o600 });
      await this.adopt(id, tmp);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async adopt(id: string, tempFile: string): Promise<void> {
    const target = this.#path(id);
    try {
      await rename(tempFile, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      // The shared folder is on another file system: copy beside the target, then rename there.
      const partial = join(this.dir, `.partial-${randomUUID()}`);
      try {
        await copyFile(tempFile, partial);
        await rename(partial, target);
      } finally {
        await rm(partial, { force: true });
      }
      await rm(tempFile, { force: true });
    }
  }

  async read(id: string): Promise<Readable> {
    return createReadStream(this.#path(id));
  }

  async remove(ids: Iterable<string>): Promise<void> {
    await Promise.all([...ids].map((id) => rm(join(this.dir, id), { force: true })));
  }

  async *list(): AsyncIterable<StoredMedia> {
    for (const name of await readdir(this.dir)) {
      const info = await stat(join(this.dir, name)).catch(() => undefined);
      if (info?.isFile()) yield { name, modifiedAt: info.mtimeMs };
    }
  }

  async close(): Promise<void> {}

  #path(id: string): string {
    // Ids are server-made UUIDs; refuse anything else so a path never escapes the dir.
    assertMediaId(id);
    return join(this.dir, id);
  }
}
