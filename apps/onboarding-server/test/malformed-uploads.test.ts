// Hostile input, generated at test time: over 200 malformed uploads (random
// bytes, truncated and corrupted MP4/WebM made with ffmpeg, images posing as
// videos, absurd declared dimensions, long clips, zero-length files, wrong
// content types, broken multipart, lying Content-Length, aborted bodies),
// media that attack the decoder (HLS, concat and ffconcat playlists, files
// naming other files, a 4K clip at 240 fps, lying image headers: hostile-media.ts),
// then malformed form fields and tokens. Each must get a 4xx with a code;
// after each batch the server answers its healthcheck and nothing is left
// in tmp/ or media/. Set MALFORMED_SEED to replay a run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from '../../../test-support/figures.js';
import { fixture, hasFixtures } from './fixtures.js';
import { startTestServer, videoForm, type TestServer } from './helpers.js';
import { hostileUploads, type HostileUpload } from './hostile-media.js';
import { badUploads, makeBases, type BadUpload } from './malformed.js';
import { frameOf, segment } from './media.js';
import { raw, type Answer } from './raw-http.js';

const SEED = Number(process.env.MALFORMED_SEED ?? 20261127);
const BATCH = 25;
const MAX_UPLOAD = 2 * 1024 * 1024;

const tally = { requests: 0, uploads: 0, aborted: 0, hostile: 0, hostileSlowestMs: 0, byStatus: {} as Record<number, number>, byCode: {} as Record<string, number> };

describe.skipIf(!hasFixtures)('malformed uploads, fields and tokens', () => {
  let s: TestServer;
  let dir: string;
  let cases: BadUpload[] = [];
  let hostile: HostileUpload[] = [];
  let userToken = '';
  let authToken = '';
  let mediaBaseline = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-malformed-'));
    const bases = makeBases(dir);
    cases = badUploads(bases, SEED);
    // Hostile media name a real 2-s face clip: followed, it would enrol that face.
    hostile = hostileUploads(dir, segment(fixture('videos/real-selfie-1.mp4'), 0, 2, join(dir, 'face.mp4')), 2, bases['base.mp4']!, bases['image.jpg']!);
    s = await startTestServer({ workers: 1, maxQueue: 4, maxUploadBytes: MAX_UPLOAD, requireChallenge: false }); // the media is refused, not the missing challenge
    userToken = await s.userToken(await s.createUser());
    // A user who may authenticate, so uploads there reach the engine (a photo enrols).
    const v = await s.createUser();
    const photo = frameOf(fixture('videos/real-selfie-5.mp4'), 1, join(dir, 'photo.jpg'));
    authToken = await s.userToken(v);
    expect((await s.send('POST', '/user/selfie', authToken, videoForm(readFileSync(photo), 'photo.jpg', 'image/jpeg'))).status).toBe(200);
    expect((await s.send('POST', '/user/authentication/enable', await s.backendUserToken(v))).status).toBe(200);
    mediaBaseline = (await s.mediaFiles()).length;
  });
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
    recordFigure({
      name: 'malformed-input',
      title: 'Onboarding server: malformed and hostile input',
      command: 'RECORD_FIGURES=1 pnpm --filter @alice-face/onboarding-server exec vitest run test/malformed-uploads.test.ts',
      about: 'Malformed uploads (hostile media among them: playlists, files naming other files, a 4K clip at 240 fps, lying image headers) and malformed fields, queries, tokens and API keys: the answers by status and code, and the slowest answer to a hostile file.',
    }, { figure: 'malformed_input', seed: SEED, ...tally });
  });

  const record = (what: string, a: Answer | undefined, upload = true): void => {
    expect(a, what).toBeDefined();
    const { status, code, message } = a!;
    expect({ what, status: status >= 400 && status < 500 && status !== 429 }).toEqual({ what, status: true });
    expect({ what, code }).toEqual({ what, code: expect.stringMatching(/^[A-Z][A-Z_]+$/) });
    expect(message, what).toMatch(/^[A-Z]/);
    tally.requests++;
    if (upload) tally.uploads++;
    tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
    tally.byCode[code] = (tally.byCode[code] ?? 0) + 1;
  };
  const answerOf = async (res: Response): Promise<Answer> => {
    const body = (await res.json()) as { error?: { code: string; message: string } };
    return { status: res.status, code: body.error?.code ?? '', message: body.error?.message ?? '' };
  };
  const settled = async (): Promise<void> => {
    expect((await s.get('/healthcheck')).status).toBe(200);
    // An aborted body is cleaned up when its socket closes, a moment after we hang up.
    for (let i = 0; i < 200 && s.tempFiles().length > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(s.tempFiles()).toEqual([]);
    expect((await s.mediaFiles()).length).toBe(mediaBaseline);
  };

  const batches = Array.from({ length: 8 }, (_, i) => i);
  it.each(batches)('file batch %i: every malformed file gets a 4xx with a code', async (b) => {
    const batch = cases.slice(b * BATCH, (b + 1) * BATCH);
    for (const [i, c] of batch.entries()) {
      const path = i % 3 === 2 ? '/user/authenticate' : '/user/selfie';
      const res = await s.send('POST', path, path === '/user/selfie' ? userToken : authToken, videoForm(c.data, c.filename, c.type));
      record(`${c.name} → ${path}`, await answerOf(res));
    }
    await settled();
  });

  it('refuses playlists, files naming other files, costly clips and lying images with a coded 4xx before decoding, the same whether a named file exists', async () => {
    const answers = new Map<string, string>();
    let slowest = 0;
    for (const [i, c] of hostile.entries()) {
      const path = i % 2 ? '/user/authenticate' : '/user/selfie';
      const started = performance.now();
      const a = await answerOf(await s.send('POST', path, path === '/user/selfie' ? userToken : authToken, videoForm(c.data, c.filename, c.type)));
      slowest = Math.max(slowest, performance.now() - started);
      record(`${c.name} → ${path}`, a);
      if (c.code) expect({ what: c.name, code: a.code }).toEqual({ what: c.name, code: c.code });
      if (c.pair) {
        const seen = answers.get(c.pair);
        if (seen) expect({ what: c.pair, answer: `${a.status} ${a.code} ${a.message}` }).toEqual({ what: c.pair, answer: seen });
        else answers.set(c.pair, `${a.status} ${a.code} ${a.message}`);
      }
    }
    tally.hostile = hostile.length;
    tally.hostileSlowestMs = Math.round(slowest);
    await settled();
  });

  it('covers every generated file', () => {
    expect(batches.length * BATCH).toBeGreaterThanOrEqual(cases.length);
  });

  it('refuses wrong content types and broken multipart bodies, and survives aborted ones', async () => {
    const clip = cases.find((c) => c.name.startsWith('truncated base.mp4'))!.data;
    for (const path of ['/user/selfie', '/user/authenticate']) {
      const token = path === '/user/selfie' ? userToken : authToken;
      for (const type of ['video/mp4', 'video/webm', 'application/octet-stream', 'application/json', 'text/plain', 'image/jpeg', 'application/x-www-form-urlencoded']) {
        record(`raw ${type} body → ${path}`, await answerOf(await s.send('POST', path, token, new Blob([clip as BlobPart]), { 'content-type': type })));
      }
      record(`no body → ${path}`, await answerOf(await s.send('POST', path, token)));
      const parts = (boundary: string, body: string) => s.send('POST', path, token, body, { 'content-type': `multipart/form-data${boundary}` });
      const file = (name: string, filename = 'clip.mp4') => `--b\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: video/mp4\r\n\r\nxxxx\r\n`;
      record(`multipart without boundary → ${path}`, await answerOf(await parts('', file('video'))));
      record(`multipart with a wrong boundary → ${path}`, await answerOf(await parts('; boundary=zz', `${file('video')}--b--\r\n`)));
      record(`multipart cut before its end → ${path}`, await answerOf(await parts('; boundary=b', `--b\r\nContent-Disposition: form-data; name="video"; filename="c.mp4"\r\n\r\nxx`)));
      record(`video under another name → ${path}`, await answerOf(await parts('; boundary=b', `${file('file')}--b--\r\n`)));
      record(`video as a text field → ${path}`, await answerOf(await parts('; boundary=b', `--b\r\nContent-Disposition: form-data; name="video"\r\n\r\nAAAA\r\n--b--\r\n`)));
      record(`too many parts → ${path}`, await answerOf(await parts('; boundary=b', `${Array.from({ length: 30 }, (_, i) => `--b\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`).join('')}--b--\r\n`)));
      record(`garbage after the boundary → ${path}`, await answerOf(await parts('; boundary=b', '--b\r\n\u0000\u0001\u0002 not a header\r\n\r\n')));

      const url = s.url;
      const base = new URL(url).pathname;
      const head = (extra: string) => `POST ${base}${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=b\r\n${extra}\r\n`;
      const preamble = Buffer.from('--b\r\nContent-Disposition: form-data; name="video"; filename="c.mp4"\r\nContent-Type: video/mp4\r\n\r\n');
      const whole = Buffer.concat([preamble, Buffer.from(clip), Buffer.from('\r\n--b--\r\n')]);
      // A Content-Length far beyond the limit, then silence: refused at once, hung up when idle.
      record(`declares 10 GB and stalls → ${path}`, await raw(url, head('Content-Length: 10737418240\r\n'), [preamble]));
      // A Content-Length smaller than the form: the server reads only what was declared, so the form
      // is cut (bytes sent beyond it would be parsed as a next request, and Node hangs up on those).
      const half = Math.floor(whole.length / 2);
      record(`declares half its form → ${path}`, await raw(url, head(`Content-Length: ${half}\r\n`), [whole.subarray(0, half)]));
      // No Content-Length (chunked), more bytes than the limit: refused while streaming.
      const big = Buffer.alloc(MAX_UPLOAD + 256 * 1024, 7);
      const chunked = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
      record(`chunked beyond the limit → ${path}`, await raw(url, head('Transfer-Encoding: chunked\r\n'), [chunked(preamble), chunked(big), Buffer.from('0\r\n\r\n')]));
      // Hanging up mid-body: no answer to check, but nothing may be left behind (settled()).
      for (let i = 0; i < 2; i++) {
        await raw(url, head(`Content-Length: ${whole.length * 4}\r\n`), [whole], { abort: true });
        tally.aborted++;
      }
    }
    await settled();
  });

  it('refuses malformed form fields and queries with 400 naming the field', async () => {
    const backend = await s.backendToken();
    const json = (body: string) => s.send('POST', '/user', backend, body, { 'content-type': 'application/json' });
    const bad = [
      '{"email": "not-an-email"}', '{"email": 42}', '{"email": ["a@b.c"]}', `{"email": "${'a'.repeat(400)}@example.com"}`,
      `{"first_name": "${'x'.repeat(300)}"}`, '{"last_name": {"$ne": 1}}', '{"email": "a@b.c"', '{', 'null', '"just a string"',
      `{"email": "${'x'.repeat(20_000)}"}`,
    ];
    for (const body of bad) record(`POST /user ${body.slice(0, 40)}`, await answerOf(await json(body)), false);
    record('POST /user urlencoded bad email', await answerOf(await s.send('POST', '/user', backend, 'email=%%%', { 'content-type': 'application/x-www-form-urlencoded' })), false);
    for (const q of ['page=0', 'page=-1', 'page=abc', 'page_size=-1', 'page_size=100000', 'descending=maybe', 'authorized=2', 'sort_by=password', 'filter_field=hash&filter_value=x', 'page=1e400']) {
      record(`GET /users?${q}`, await answerOf(await s.get(`/users?${q}`, backend)), false);
    }
    const userBackend = await s.backendUserToken((await s.createUser()));
    for (const q of ['page=0', 'page_size=-5', 'descending=1x']) {
      record(`GET /user/authentications?${q}`, await answerOf(await s.get(`/user/authentications?${q}`, userBackend)), false);
    }
    await settled();
  });

  it('refuses malformed tokens and API keys with 401 and a code', async () => {
    const good = await s.backendToken();
    const [h, p] = good.split('.') as [string, string];
    const headers = [
      'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', `bearer${good}`, `Bearer ${good} extra`, 'Bearer a.b', 'Bearer a.b.c.d',
      `Bearer ${h}.${p}.`, `Bearer ${h}.${p}.${'A'.repeat(43)}`, `Bearer ${'x'.repeat(8000)}`, `Bearer ${h}..`, 'Bearer ....',
      `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`, `Bearer ${h}.${Buffer.from('not json').toString('base64url')}.sig`,
    ];
    for (const authorization of headers) {
      record(`Authorization: ${authorization.slice(0, 30)}`, await answerOf(await s.get('/users', undefined, { authorization })), false);
    }
    for (const apikey of ['', 'x', 'ak_'.padEnd(47, 'A'), 'ak_' + 'é'.repeat(10), 'a'.repeat(5000)]) {
      record(`apikey ${apikey.slice(0, 12)}`, await answerOf(await s.get('/login_token', undefined, { apikey })), false);
    }
    await settled();
  });

  it('sent at least 200 malformed uploads, each answered with a 4xx and a code', () => {
    expect(tally.uploads).toBeGreaterThanOrEqual(200);
  });
});
