// Upload refusals decided before the face engine runs: wrong body type,
// missing or empty file, and the size limit enforced while streaming (also
// when no Content-Length is sent). Nothing stays on disk after any of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, videoForm, type TestServer } from './helpers.js';

const LIMIT = 256 * 1024;
let s: TestServer;
let token: string;
beforeAll(async () => {
  s = await startTestServer({ maxUploadBytes: LIMIT });
  token = await s.userToken(await s.createUser());
});
afterAll(() => s.stop());

/** A multipart body streamed in chunks with no Content-Length (a client that does not say how much it sends). */
function chunkedMultipart(totalBytes: number): { body: ReadableStream<Uint8Array>; boundary: string } {
  const boundary = 'x-test-boundary-1234';
  const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(7);
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(head);
    },
    pull(c) {
      if (sent >= totalBytes) {
        c.enqueue(tail);
        c.close();
        return;
      }
      sent += chunk.length;
      c.enqueue(chunk);
    },
  });
  return { body, boundary };
}

describe('upload refusals', () => {
  it('answers 415 UNSUPPORTED_MEDIA for a body that is not multipart', async () => {
    const res = await s.send('POST', '/user/selfie', token, JSON.stringify({ video: 'x' }), { 'content-type': 'application/json' });
    expect(await errorOf(res)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA' });
  });
  it('answers 400 INVALID_REQUEST for a missing or empty video field', async () => {
    const noVideo = new FormData();
    noVideo.append('challenge_id', 'c1');
    expect(await errorOf(await s.send('POST', '/user/selfie', token, noVideo))).toMatchObject({ status: 400, code: 'INVALID_REQUEST', details: { field: 'video' } });
    expect(await errorOf(await s.send('POST', '/user/selfie', token, videoForm(new Uint8Array(0))))).toMatchObject({ status: 400, details: { field: 'video' } });
    const truncated = await s.send('POST', '/user/selfie', token, '--abc\r\nContent-Disposition: form-data; name="video"', { 'content-type': 'multipart/form-data; boundary=abc' });
    expect(await errorOf(truncated)).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
    const noBoundary = await s.send('POST', '/user/selfie', token, 'x', { 'content-type': 'multipart/form-data' });
    expect(await errorOf(noBoundary)).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
  });
  it('answers 400 for a body that ends inside the file part (it used to crash the process)', async () => {
    const cut = '--abc\r\nContent-Disposition: form-data; name="video"; filename="c.mp4"\r\nContent-Type: video/mp4\r\n\r\nxxxx';
    const res = await s.send('POST', '/user/selfie', token, cut, { 'content-type': 'multipart/form-data; boundary=abc' });
    expect(await errorOf(res)).toMatchObject({ status: 400, code: 'INVALID_REQUEST', details: { field: 'body' } });
    expect((await s.get('/healthcheck')).status).toBe(200);
    expect(s.tempFiles()).toEqual([]);
  });
  it('answers 413 TOO_LARGE for a declared oversize body', async () => {
    const res = await s.send('POST', '/user/selfie', token, videoForm(new Uint8Array(LIMIT * 3)));
    expect(await errorOf(res)).toMatchObject({ status: 413, code: 'TOO_LARGE', details: { max_bytes: LIMIT } });
  });
  it('answers 413 TOO_LARGE while streaming a body with no Content-Length', async () => {
    const { body, boundary } = chunkedMultipart(LIMIT * 4);
    const res = await fetch(`${s.url}/user/selfie`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    } as RequestInit);
    expect(await errorOf(res)).toMatchObject({ status: 413, code: 'TOO_LARGE' });
  });
  it('hangs up on a body far beyond the limit instead of reading it all', async () => {
    const { body, boundary } = chunkedMultipart(96 * 1024 * 1024);
    const outcome = await fetch(`${s.url}/user/selfie`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    } as RequestInit).then(
      (res) => res.status,
      () => 'connection closed',
    );
    // Past the drain limit (64 MB) the server closes the connection rather than read 96 MB.
    expect(outcome).toBe('connection closed');
  });
  it('leaves no temp file and no media behind, and stays healthy', async () => {
    expect(s.tempFiles()).toEqual([]);
    expect(await s.mediaFiles()).toEqual([]);
    expect(await (await s.get('/healthcheck')).json()).toMatchObject({ status: 'ok' });
    const status = (await (await s.get('/user/status', token)).json()) as { user: { selfies: number } };
    expect(status.user.selfies).toBe(0);
  });
});
