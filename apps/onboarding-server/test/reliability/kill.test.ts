// A crash (kill -9) in the middle of uploads, then a restart on the same data
// dir: no orphan row and no orphan file (every media row has its file and
// every file its row, tmp/ is empty), every completed authentication reads
// back exactly as before, and the server works again. Two crashes: one while
// bodies are still streaming in, one while clips are being analysed.
import { connect } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from '../../../../test-support/figures.js';
import { fixture, hasFixtures } from '../fixtures.js';
import { videoForm } from '../helpers.js';
import { frameOf, segment } from '../media.js';
import { newApiKey, startChildServer, type ChildServer } from './child-server.js';

describe.skipIf(!hasFixtures)('kill -9 during uploads, then restart', () => {
  let dir: string;
  let dataDir: string;
  const apiKey = newApiKey();
  let photo: Buffer;
  let clip: Buffer;
  let s: ChildServer;
  let userId = '';
  const completed = new Map<string, unknown>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-kill-'));
    dataDir = join(dir, 'data');
    const a = fixture('videos/real-selfie-5.mp4');
    photo = readFileSync(frameOf(a, 1, join(dir, 'photo.jpg')));
    clip = readFileSync(segment(a, 0, 2, join(dir, 'clip.mp4')));
    s = await startChildServer(dataDir, apiKey, { ONBOARDING_FAILED_AUTH_MAX: '1000' });
    userId = await s.createUser();
    expect((await s.send('POST', '/user/selfie', await s.userToken(userId), videoForm(photo, 'photo.jpg', 'image/jpeg'))).status).toBe(200);
    expect((await s.send('POST', '/user/authentication/enable', await s.backendUserToken(userId))).status).toBe(200);
  });
  afterAll(async () => {
    if (s && s.child.exitCode === null) await s.signal('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** Authentications that finished (200) before the crash, as the API shows them. */
  async function authenticateAndRemember(n: number): Promise<void> {
    const token = await s.userToken(userId);
    const backend = await s.backendUserToken(userId);
    for (let i = 0; i < n; i++) {
      const res = await s.send('POST', '/user/authenticate', token, videoForm(photo, 'photo.jpg', 'image/jpeg'));
      expect(res.status).toBe(200);
      const { authentication_id: id } = (await res.json()) as { authentication_id: string };
      completed.set(id, ((await (await s.get(`/user/authentication/${id}`, backend)).json()) as { authentication: unknown }).authentication);
    }
  }

  /** Starts a multipart upload over a raw socket that sends half its body and then waits. */
  function stalledUpload(token: string): void {
    const { hostname, port, pathname } = new URL(s.url);
    const body = Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="video"; filename="c.mp4"\r\nContent-Type: video/mp4\r\n\r\n'), clip, Buffer.from('\r\n--b--\r\n')]);
    const socket = connect(Number(port), hostname);
    socket.on('error', () => {});
    socket.write(`POST ${pathname}/user/authenticate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body.subarray(0, body.length >> 1));
  }

  async function crashAndRestart(): Promise<void> {
    expect(await s.signal('SIGKILL')).toBeNull();
    s = await startChildServer(dataDir, apiKey, { ONBOARDING_FAILED_AUTH_MAX: '1000' });
  }

  async function consistent(): Promise<void> {
    expect(s.tempFiles()).toEqual([]);
    const db = new Database(join(dataDir, 'onboarding.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const rows = new Set((db.prepare('SELECT id FROM media').all() as Array<{ id: string }>).map((r) => r.id));
      expect([...rows].sort()).toEqual(s.mediaFiles().sort());
      const dangling = db.prepare('SELECT COUNT(*) AS n FROM authentications WHERE video_media_id NOT IN (SELECT id FROM media)').get() as { n: number };
      expect(dangling.n).toBe(0);
    } finally {
      db.close();
    }
    const backend = await s.backendUserToken(userId);
    for (const [id, before] of completed) {
      const res = await s.get(`/user/authentication/${id}`, backend);
      expect(res.status).toBe(200);
      const now = ((await res.json()) as { authentication: unknown }).authentication;
      expect(now).toEqual(JSON.parse(JSON.stringify(before).replaceAll(new URL(String((before as { media: { video: { href: string } } }).media.video.href)).origin, new URL(s.url).origin)));
      const href = (now as { media: { video: { href: string } } }).media.video.href;
      expect((await fetch(href, { headers: { authorization: `Bearer ${backend}` } })).status).toBe(200);
    }
  }

  it('crash while bodies stream in: restart sweeps the partial uploads, completed ones intact', async () => {
    await authenticateAndRemember(3);
    const token = await s.userToken(userId);
    stalledUpload(token);
    stalledUpload(token);
    for (let i = 0; i < 3000 && s.tempFiles().length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.tempFiles().length).toBe(2);
    await crashAndRestart();
    await consistent();
  });

  it('crash while clips are analysed: no half-written authentication, then it works again', async () => {
    await authenticateAndRemember(2);
    const token = await s.userToken(userId);
    const inFlight = Array.from({ length: 3 }, () => s.send('POST', '/user/authenticate', token, videoForm(clip)).then((r) => r.status, () => 'reset'));
    for (let i = 0; i < 3000 && s.tempFiles().length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.tempFiles().length).toBeGreaterThan(0);
    await crashAndRestart();
    // The killed requests end without an answer; any that answered 200 first is now among the stored ones.
    const outcomes = await Promise.all(inFlight);
    expect(outcomes.every((o) => o === 'reset' || o === 200)).toBe(true);
    await consistent();
    await authenticateAndRemember(1);
    await consistent();
    recordFigure({
      name: 'reliability-kill',
      title: 'Onboarding server: kill -9',
      command: 'pnpm test:reliability (kill.test.ts)',
      about: 'The server killed with -9 twice (bodies half sent; clips being analysed), restarted each time: authentications completed before the crashes that read back unchanged, and what the requests in flight got.',
    }, { figure: 'kill_9', crashes: 2, completed_intact: completed.size, in_flight_outcomes: outcomes });
    expect(await s.signal('SIGTERM')).toBe(0);
  });
});
