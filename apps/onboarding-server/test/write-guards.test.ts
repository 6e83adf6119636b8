// What is checked before a long upload is checked again where the upload is
// stored: a user approved while a selfie uploads (user token) does not get
// that selfie; a user whose face login is disabled while a clip uploads gets
// no authentication. And the failure limit counts per client: a stranger's
// failures stop the stranger, not the person on another address. Real server,
// real face engine, uploads held half-way by the test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './fixtures.js';
import { errorOf, startTestServer, videoForm, type TestServer } from './helpers.js';
import { smallClip } from './media.js';

/** POSTs `file` as multipart `video`, sending half of it, then waiting for `gate` before the rest. */
function heldUpload(url: string, token: string, file: Buffer, gate: Promise<void>, headers: Record<string, string> = {}): Promise<Response> {
  const boundary = 'held-upload-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const half = Math.floor(file.length / 2);
  let step = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(c) {
      if (step === 0) c.enqueue(Buffer.concat([head, file.subarray(0, half)]));
      else if (step === 1) {
        await gate;
        c.enqueue(Buffer.concat([file.subarray(half), tail]));
      } else c.close();
      step++;
    },
  });
  return fetch(url, {
    method: 'POST',
    body,
    duplex: 'half',
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers },
  } as RequestInit);
}

describe.skipIf(!hasFixtures)('checks repeated where an upload is stored', () => {
  let s: TestServer;
  let dir: string;
  const clips = { a: Buffer.alloc(0), a2: Buffer.alloc(0), b: Buffer.alloc(0) };

  /** Resolves once the server is writing the upload's temp file: past every check made before the body. */
  const receiving = async () => {
    for (let i = 0; i < 400 && s.tempFiles().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.tempFiles()).toHaveLength(1);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-guards-'));
    clips.a = readFileSync(smallClip(fixture('videos/real-selfie-2.mp4'), 0, 1.5, 256, 10, join(dir, 'a.mp4')));
    clips.a2 = readFileSync(smallClip(fixture('videos/real-selfie-2.mp4'), 1.5, 1.5, 256, 10, join(dir, 'a2.mp4')));
    clips.b = readFileSync(smallClip(fixture('videos/real-selfie-4.mp4'), 0, 1.5, 256, 10, join(dir, 'b.mp4')));
    // Clients are told apart by X-Forwarded-For from loopback, as behind a backend that forwards its users' uploads.
    s = await startTestServer({ workers: 1, warmEngine: true, trustProxy: ['loopback'], requireChallenge: false }); // passive authentications
  });
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a selfie whose user was approved while it uploaded (user token): 409, nothing stored', async () => {
    const user = await s.createUser();
    const [userToken, backend] = [await s.userToken(user), await s.backendUserToken(user)];
    expect((await s.send('POST', '/user/selfie', userToken, videoForm(clips.a))).status).toBe(200);
    const media = (await s.mediaFiles()).length;
    let open!: () => void;
    const upload = heldUpload(`${s.url}/user/selfie`, userToken, clips.a2, new Promise<void>((r) => (open = r)));
    await receiving();
    expect((await s.send('POST', '/user/authentication/enable', backend)).status).toBe(200);
    open();
    const res = await upload;
    expect(await errorOf(res)).toMatchObject({ status: 409, code: 'AUTHENTICATION_ENABLED', message: expect.stringMatching(/^Face login is enabled/) });
    const status = (await (await s.get('/user/status', backend)).json()) as { user: { selfies: number; authorized: boolean } };
    expect(status.user).toMatchObject({ selfies: 1, authorized: true });
    expect(await s.mediaFiles()).toHaveLength(media);
    expect(s.tempFiles()).toEqual([]);
  });

  it('refuses an authentication whose user was disabled while it uploaded: 403, nothing stored', async () => {
    const user = await s.createUser();
    const backend = await s.backendUserToken(user);
    expect((await s.send('POST', '/user/selfie', backend, videoForm(clips.a))).status).toBe(200);
    expect((await s.send('POST', '/user/authentication/enable', backend)).status).toBe(200);
    const media = (await s.mediaFiles()).length;
    let open!: () => void;
    const upload = heldUpload(`${s.url}/user/authenticate`, await s.userToken(user), clips.a2, new Promise<void>((r) => (open = r)));
    await receiving();
    expect((await s.send('POST', '/user/authentication/disable', backend)).status).toBe(200);
    open();
    expect(await errorOf(await upload)).toMatchObject({ status: 403, code: 'USER_NOT_AUTHORIZED' });
    expect(((await (await s.get('/user/authentications', backend)).json()) as { total: number }).total).toBe(0);
    expect(await s.mediaFiles()).toHaveLength(media);
  });

  it("limits a stranger's failures to the stranger's address; the person's own address still logs in", async () => {
    const user = await s.createUser();
    const backend = await s.backendUserToken(user);
    const token = await s.userToken(user);
    expect((await s.send('POST', '/user/selfie', backend, videoForm(clips.a))).status).toBe(200);
    expect((await s.send('POST', '/user/authentication/enable', backend)).status).toBe(200);
    const from = (address: string, clip: Buffer) => s.send('POST', '/user/authenticate', token, videoForm(clip), { 'x-forwarded-for': address });
    const passed = async (res: Response) => {
      expect(res.status).toBe(200);
      const { authentication_id: id } = (await res.json()) as { authentication_id: string };
      const auth = (await (await s.get(`/user/authentication/${id}`, backend)).json()) as { authentication: { face_matching: number } };
      return auth.authentication.face_matching >= 50;
    };
    for (let i = 0; i < 5; i++) expect(await passed(await from('203.0.113.66', clips.b))).toBe(false);
    const limited = await from('203.0.113.66', clips.b);
    expect(await errorOf(limited)).toMatchObject({ status: 429, code: 'TOO_MANY_ATTEMPTS' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The person, from their own network, while the stranger is limited:
    expect(await passed(await from('198.51.100.7', clips.a2))).toBe(true);
    // A stranger's fresh address gets one attempt, then is limited too.
    expect(await passed(await from('203.0.113.67', clips.b))).toBe(false);
    expect((await from('203.0.113.67', clips.b)).status).toBe(429);
  });
});
