// Several API instances on one database, one media store and one Redis (the
// postgres project: PostgreSQL, an S3 bucket, redis-server), each a real
// server on its own port and data dir: a user enrolled through one logs in
// through the other; a challenge made on one is used once across both; and
// parallel failed logins of one user spread over both are limited as one
// (on the sqlite project, the same burst on its one instance).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshBackend, onPostgres } from './backend.js';
import { fixture, hasFixtures } from './fixtures.js';
import { errorOf, startTestServer, videoForm, type TestServer } from './helpers.js';
import { frameOf, segment } from './media.js';

describe.skipIf(!hasFixtures)(onPostgres ? 'two instances sharing PostgreSQL, S3 and Redis' : 'one instance', () => {
  const servers: TestServer[] = [];
  let dir: string;
  const f = { clip: '', photo: '' };
  const upload = (s: TestServer, path: string, file: string, token: string, fields: Record<string, string> = {}) =>
    s.send('POST', path, token, videoForm(readFileSync(file), file.endsWith('.jpg') ? 'photo.jpg' : 'clip.mp4', undefined, fields));

  /** A user enrolled with the clip and allowed to log in, created through `s`. */
  async function enrolledUser(s: TestServer): Promise<string> {
    const id = await s.createUser();
    const backend = await s.backendUserToken(id);
    expect((await upload(s, '/user/selfie', f.clip, backend)).status).toBe(200);
    expect((await s.send('POST', '/user/authentication/enable', backend)).status).toBe(200);
    return id;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-instances-'));
    const source = fixture('videos/real-selfie-5.mp4');
    f.clip = segment(source, 0, 2, join(dir, 'clip.mp4'));
    f.photo = frameOf(source, 1, join(dir, 'photo.jpg'));
    const shared = await freshBackend();
    const first = await startTestServer({ ...shared, workers: 1, warmEngine: true, requireChallenge: false }); // passive authentications besides the challenge ones
    servers.push(first);
    if (onPostgres) servers.push(await startTestServer({ ...shared, apiKey: first.apiKey, workers: 1, warmEngine: true, requireChallenge: false }));
  }, 180_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(onPostgres)('authenticates through one instance a user enrolled through the other, media included', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const id = await enrolledUser(a);
    const res = await upload(b, '/user/authenticate', f.clip, await b.userToken(id));
    expect(res.status).toBe(200);
    const { authentication_id } = (await res.json()) as { authentication_id: string };
    // Read back through A: scores from B's analysis against the template A stored.
    const tokenA = await a.backendUserToken(id);
    const auth = ((await (await a.get(`/user/authentication/${authentication_id}`, tokenA)).json()) as {
      authentication: { face_matching: number; media: { video: { href: string } } };
    }).authentication;
    expect(auth.face_matching).toBeGreaterThanOrEqual(50);
    // The clip B stored streams back through A, byte for byte.
    const mediaId = /\/media\/([^/]+)\/download$/.exec(auth.media.video.href)![1]!;
    const download = await a.get(`/media/${mediaId}/download`, tokenA);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(readFileSync(f.clip))).toBe(true);
    // Deleted through B: gone for A, files included.
    expect((await b.send('DELETE', '/user', await b.backendUserToken(id))).status).toBe(200);
    expect((await a.get(`/media/${mediaId}/download`, tokenA)).status).toBe(404);
    expect(await a.mediaFiles()).not.toContain(mediaId);
  });

  it.runIf(onPostgres)('uses a challenge made on one instance once across both', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const id = await enrolledUser(a);
    const token = await a.userToken(id);
    const challenge = async () => ((await (await a.send('POST', '/user/challenge', token)).json()) as { challenge_id: string }).challenge_id;
    const first = await challenge();
    expect((await upload(b, '/user/authenticate', f.clip, token, { challenge_id: first })).status).toBe(200);
    expect(await errorOf(await upload(a, '/user/authenticate', f.clip, token, { challenge_id: first }))).toMatchObject({ status: 409, code: 'CHALLENGE_USED' });
    // Sent to both at once: one is analysed, the other refused.
    const second = await challenge();
    const both = await Promise.all([a, b].map((s) => upload(s, '/user/authenticate', f.clip, token, { challenge_id: second })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it(`limits 20 parallel failed logins of one user ${onPostgres ? 'spread over both instances' : 'on one instance'} as one: 5 analysed, 15 refused`, async () => {
    const id = await enrolledUser(servers[0]!);
    const tokens = await Promise.all(servers.map((s) => s.userToken(id)));
    // A still photo has no liveness: every analysed attempt is a failed authentication.
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => upload(servers[i % servers.length]!, '/user/authenticate', f.photo, tokens[i % servers.length]!)));
    const codes = await Promise.all(results.map(async (r) => (r.status === 200 ? 200 : `${r.status} ${(await errorOf(r)).code}`)));
    expect(codes.filter((c) => c === 200)).toHaveLength(5);
    expect(codes.filter((c) => c === '429 TOO_MANY_ATTEMPTS')).toHaveLength(15);
    const listed = (await (await servers[0]!.get('/user/authentications', await servers[0]!.backendUserToken(id))).json()) as { total: number };
    expect(listed.total).toBe(5);
  });
});
