// Media files named by id under <dataDir>/media, written atomically (temp
// file then rename) so a crash never leaves a half file under a real id.
import { randomUUID } from 'node:crypto';
import { createReadStream, readdirSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { privateDir } from '@alice-face/private-files';

export class MediaStore {
  readonly dir: string;
  readonly tmpDir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'media');
    this.tmpDir = join(dataDir, 'tmp');
    privateDir(this.dir);
    privateDir(this.tmpDir);
  }

  /** A fresh path for an upload in progress (same file system as the media dir). */
  tempPath(): string {
    return join(this.tmpDir, `upload-${randomUUID()}`);
  }

  async putBuffer(id: string, data: Buffer): Promise<void> {
    const tmp = this.tempPath();
    try {
      await writeFile(tmp, data, { mode: 0o600 });
      await rename(tmp, this.#path(id));
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** Moves a finished upload into the store under `id`. */
  async adopt(id: string, tempFile: string): Promise<void> {
    await rename(tempFile, this.#path(id));
  }

  read(id: string): Readable {
    return createReadStream(this.#path(id));
  }

  async remove(ids: Iterable<string>): Promise<void> {
    await Promise.all([...ids].map((id) => rm(this.#path(id), { force: true })));
  }

  /**
   * Start-up sweep after a crash: temp uploads are dropped, and files whose
   * row never committed (or whose row was deleted) are removed.
   */
  async sweep(knownIds: Set<string>): Promise<{ removed: number }> {
    let removed = 0;
    for (const name of readdirSync(this.tmpDir)) {
      await rm(join(this.tmpDir, name), { force: true, recursive: true });
      removed++;
    }
    for (const name of readdirSync(this.dir)) {
      if (!knownIds.has(name)) {
        await rm(join(this.dir, name), { force: true });
        removed++;
      }
    }
    return { removed };
  }

  #path(id: string): string {
    // Ids are server-made UUIDs; refuse anything else so a path never escapes the dir.
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`Invalid media id: ${id}`);
    return join(this.dir, id);
  }
}
