// The media stores without the HTTP layer: the URL an operator writes, a
// folder on another file system than the temp uploads (the copy-then-rename
// path), and the start-up sweep's rule (unnamed and old enough) on this
// project's store (a folder on sqlite, an S3 bucket on postgres).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { FileMediaStore } from '../src/media/file-media-store.js';
import { sweepMedia } from '../src/media/media-store.js';
import { parseMediaUrl } from '../src/media/open-media-store.js';
import { mediaStoreFor } from './backend.js';

const dirs: string[] = [];
const tempDir = (root = tmpdir()) => {
  const d = mkdtempSync(join(root, 'media-stores-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('parseMediaUrl', () => {
  it('reads folders and buckets', () => {
    expect(parseMediaUrl('file:///var/lib/onboarding/media')).toEqual({ kind: 'file', dir: '/var/lib/onboarding/media' });
    expect(parseMediaUrl('s3://onboarding-media/prod/media/')).toEqual({ kind: 's3', bucket: 'onboarding-media', prefix: 'prod/media' });
    expect(parseMediaUrl('s3://onboarding-media')).toEqual({ kind: 's3', bucket: 'onboarding-media', prefix: '' });
  });
  it('says what is wrong', () => {
    expect(() => parseMediaUrl('ftp://media')).toThrow(/ftp: is not supported/);
    expect(() => parseMediaUrl('file://host/media')).toThrow(/file:\/\/\/absolute\/path/);
    expect(() => parseMediaUrl('s3://Bad_Bucket/x')).toThrow(/not a valid bucket name/);
    expect(() => parseMediaUrl('/var/media')).toThrow(/file:\/\/\/absolute\/path or s3:\/\/bucket\/prefix/);
  });
});

describe.runIf(existsSync('/dev/shm'))('a media folder on another file system', () => {
  it('adopts an upload by copying it beside the target and renaming, leaving no temp or partial file', async () => {
    const media = new FileMediaStore(tempDir('/dev/shm'), tempDir());
    const upload = media.tempPath();
    writeFileSync(upload, 'clip bytes');
    const id = randomUUID();
    await media.adopt(id, upload);
    expect(readFileSync(join(media.dir, id), 'utf8')).toBe('clip bytes');
    expect(existsSync(upload)).toBe(false);
    expect(readdirSync(media.dir)).toEqual([id]);
    expect(await text(await media.read(id))).toBe('clip bytes');
  });
});

describe('the start-up sweep on this project\'s media store', () => {
  it('empties the temp folder and removes only what no row names and is older than the cut-off', async () => {
    const dataDir = tempDir();
    const media = await mediaStoreFor(dataDir);
    try {
      const [named, orphan] = [randomUUID(), randomUUID()];
      await media.putBuffer(named, Buffer.from('named'));
      await media.putBuffer(orphan, Buffer.from('orphan'));
      writeFileSync(media.tempPath(), 'dead upload');
      const names = async () => {
        const out: string[] = [];
        for await (const m of media.list()) out.push(m.name);
        return out.sort();
      };
      // Written just now: younger than an hour, so kept even though no row names it.
      expect(await sweepMedia(media, new Set([named]), Date.now() - 3_600_000)).toEqual({ removed: 1 });
      expect(readdirSync(media.tmpDir)).toEqual([]);
      expect(await names()).toEqual([named, orphan].sort());
      // Once older than the cut-off it goes; what a row names stays.
      expect(await sweepMedia(media, new Set([named]), Date.now() + 60_000)).toEqual({ removed: 1 });
      expect(await names()).toEqual([named]);
      expect(await text(await media.read(named))).toBe('named');
      await media.remove([named]);
      expect(await names()).toEqual([]);
    } finally {
      await media.close();
    }
  });
});
