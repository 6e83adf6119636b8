// receiveUpload on a real HTTP server: the file lands in its temp path (0600)
// with the other fields; refusals carry a status and a code and leave no file.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveUpload, UploadError } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'multipart-upload-'));
let server: Server;
let url = '';
let n = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const tempPath = join(dir, `upload-${n++}`);
    receiveUpload(req, { field: 'video', maxBytes: 1024, tempPath }).then(
      (u) => res.end(JSON.stringify({ ...u, mode: (statSync(u.path).mode & 0o777).toString(8), bytes: readFileSync(u.path).toString() })),
      (e: unknown) => {
        const err = e as UploadError;
        res.statusCode = err instanceof UploadError ? err.status : 500;
        res.end(JSON.stringify({ code: err.code, message: err.message, left: existsSync(tempPath) }));
      },
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const form = (size: number, name = 'video') => {
  const f = new FormData();
  f.append('challenge_id', 'c-1');
  f.append(name, new Blob([Buffer.alloc(size, 'a')], { type: 'video/webm' }), 'clip.webm');
  return f;
};

describe('receiveUpload', () => {
  it('writes the file to its temp path, 0600, with the other fields', async () => {
    const body = await (await fetch(url, { method: 'POST', body: form(10) })).json();
    expect(body).toMatchObject({ size: 10, filename: 'clip.webm', mimeType: 'video/webm', fields: { challenge_id: 'c-1' }, mode: '600', bytes: 'aaaaaaaaaa' });
  });

  it('refuses too large (413), not multipart (415) and a missing file (400), leaving nothing', async () => {
    const answers = await Promise.all([
      fetch(url, { method: 'POST', body: form(5000) }),
      fetch(url, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } }),
      fetch(url, { method: 'POST', body: form(10, 'other') }),
    ]);
    const bodies = await Promise.all(answers.map((a) => a.json()));
    expect(answers.map((a) => a.status)).toEqual([413, 415, 400]);
    expect(bodies).toEqual([
      { code: 'TOO_LARGE', message: 'The upload is larger than the limit of 1 kB.', left: false },
      { code: 'UNSUPPORTED_MEDIA', message: 'Send the video as multipart/form-data.', left: false },
      { code: 'INVALID_REQUEST', message: 'The video file is missing.', left: false },
    ]);
  });
});
