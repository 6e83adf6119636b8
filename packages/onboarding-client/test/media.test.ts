// Every MediaInput form reaches the API as the same multipart `video` part, with a file
// name and content type taken from the path or the bytes.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MediaInput, OnboardingClient } from '../src/index.js';
import { startHarness, type Harness } from './support/harness.js';

const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom'), Buffer.alloc(64, 7)]);
const MOV = Buffer.concat([Buffer.from([0, 0, 0, 0x14]), Buffer.from('ftypqt  '), Buffer.alloc(16, 1)]);
const WEBM = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(40, 2)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(40, 3)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 4)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(20, 5)]);

let h: Harness;
let client: OnboardingClient;
let userId: string;
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  client = h.client();
  userId = h.api.newUserId();
  dir = await mkdtemp(join(tmpdir(), 'onboarding-client-media-'));
});
afterAll(async () => {
  await h.api.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => h.api.reset());

async function uploaded(input: MediaInput, options?: Parameters<OnboardingClient['addSelfie']>[2]) {
  await client.addSelfie(userId, input, options);
  const calls = h.api.calls('POST', '/user/selfie');
  expect(calls).toHaveLength(1);
  const file = calls[0]!.form!.get('video') as File;
  return { name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) };
}

describe('input forms', () => {
  it('Buffer', async () => {
    expect(await uploaded(MP4)).toEqual({ name: 'media.mp4', type: 'video/mp4', bytes: MP4 });
  });

  it('Uint8Array (a view into a larger buffer)', async () => {
    const big = Buffer.concat([Buffer.from('junk'), WEBM, Buffer.from('tail')]);
    const view = new Uint8Array(big.buffer, big.byteOffset + 4, WEBM.length);
    expect(await uploaded(view)).toEqual({ name: 'media.webm', type: 'video/webm', bytes: WEBM });
  });

  it('Blob keeps its type; File keeps its name', async () => {
    expect(await uploaded(new Blob([WEBM], { type: 'video/webm;codecs=vp9' }))).toMatchObject({ type: 'video/webm;codecs=vp9' });
    h.api.reset();
    const file = new File([MOV], 'capture.mov');
    expect(await uploaded(file)).toEqual({ name: 'capture.mov', type: 'video/quicktime', bytes: MOV });
  });

  it('file path (read lazily with fs.openAsBlob): name and type from the path', async () => {
    const path = join(dir, 'selfie.webm');
    await writeFile(path, WEBM);
    expect(await uploaded(path)).toEqual({ name: 'selfie.webm', type: 'video/webm', bytes: WEBM });
  });

  it('file path with an unknown extension: type sniffed from the bytes', async () => {
    const path = join(dir, 'upload.bin');
    await writeFile(path, JPEG);
    expect(await uploaded(path)).toEqual({ name: 'upload.bin', type: 'image/jpeg', bytes: JPEG });
  });

  it('Node stream (fs read stream keeps the file name)', async () => {
    const path = join(dir, 'clip.mp4');
    await writeFile(path, MP4);
    expect(await uploaded(createReadStream(path))).toEqual({ name: 'clip.mp4', type: 'video/mp4', bytes: MP4 });
    h.api.reset();
    expect(await uploaded(Readable.from([PNG.subarray(0, 5), PNG.subarray(5)]))).toEqual({ name: 'media.png', type: 'image/png', bytes: PNG });
  });

  it('web ReadableStream', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(WEBP.subarray(0, 10)));
        controller.enqueue(new Uint8Array(WEBP.subarray(10)));
        controller.close();
      },
    });
    expect(await uploaded(stream)).toEqual({ name: 'media.webp', type: 'image/webp', bytes: WEBP });
  });

  it('a streamed upload can be sent again after a 401 (the body is kept)', async () => {
    h.api.script('POST', '/user/authenticate', { status: 401, body: { error: { code: 'TOKEN_EXPIRED', message: 'Expired.' } } });
    await client.authenticate(userId, Readable.from([MP4]));
    const calls = h.api.calls('POST', '/user/authenticate');
    expect(calls).toHaveLength(2);
    const second = Buffer.from(await (calls[1]!.form!.get('video') as File).arrayBuffer());
    expect(second.equals(MP4)).toBe(true);
  });
});

describe('overrides and failures', () => {
  it('filename and contentType options win', async () => {
    expect(await uploaded(MP4, { filename: 'x.webm', contentType: 'video/webm' })).toMatchObject({ name: 'x.webm', type: 'video/webm' });
  });

  it('unknown bytes are sent as application/octet-stream', async () => {
    expect(await uploaded(Buffer.from('hello world'))).toMatchObject({ name: 'media.bin', type: 'application/octet-stream' });
  });

  it('a missing file is INVALID_MEDIA with the cause, and nothing is sent', async () => {
    const error = await client.addSelfie(userId, join(dir, 'missing.mp4')).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'INVALID_MEDIA', operation: 'addSelfie' });
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ENOENT');
    expect(h.api.requests).toHaveLength(0);
  });

  it('a failing stream is INVALID_MEDIA; empty media is INVALID_ARGUMENT', async () => {
    const broken = new Readable({ read() { this.destroy(new Error('Disk gone.')); } });
    await expect(client.authenticate(userId, broken)).rejects.toMatchObject({ code: 'INVALID_MEDIA' });
    await expect(client.authenticate(userId, Buffer.alloc(0))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(client.authenticate(userId, 42 as unknown as MediaInput)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(h.api.requests).toHaveLength(0);
  });
});
