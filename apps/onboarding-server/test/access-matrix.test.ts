// The access matrix of the README, cell by cell, against a running server:
// every endpoint × no token, a forged one, an expired one, and each real
// kind (user-scoped ones for the owner A and for another user B). The table
// is read from README.md, so the documentation and the code cannot drift.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './fixtures.js';
import { errorOf, startTestServer, videoForm, type TestServer } from './helpers.js';
import { frameOf } from './media.js';

const COLUMNS = ['none', 'forged', 'expired', 'login', 'backend', 'backendUserA', 'userA', 'backendUserB', 'userB'] as const;
type Column = (typeof COLUMNS)[number];
type Kind = 'login' | 'backend' | 'backend_user' | 'user';
interface Row { method: string; path: string; expected: Record<Column, number> }

/** The table between the access-matrix markers of README.md. */
function readMatrix(): Row[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /<!-- access-matrix:start -->([\s\S]*?)<!-- access-matrix:end -->/.exec(readme)?.[1] ?? '';
  return block
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      const [method, path] = cells[0]!.replaceAll('`', '').split(' ') as [string, string];
      const statuses = cells.slice(1).map(Number);
      expect(statuses, line).toHaveLength(COLUMNS.length);
      return { method, path, expected: Object.fromEntries(COLUMNS.map((c, i) => [c, statuses[i]!])) as Record<Column, number> };
    });
}

const ROWS = readMatrix();
/** Rows whose allowed calls change the acting user: run on fresh users, then check A and B are intact. */
const MUTATES = new Set(['POST /user/authentication/disable', 'POST /user/deauthorize', 'PATCH /user/selfie', 'DELETE /user/selfie', 'DELETE /user', 'DELETE /user/biometrics']);
const KIND_OF: Partial<Record<Column, Kind>> = { login: 'login', backend: 'backend', backendUserA: 'backend_user', userA: 'user', backendUserB: 'backend_user', userB: 'user' };

function forge(kind: Kind, sub: string): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ kind, sub, iat, exp: iat + 3600, jti: randomUUID() })}`;
  return `${body}.${createHmac('sha256', randomBytes(48)).update(body).digest('base64url')}`;
}

describe.skipIf(!hasFixtures)('access matrix (README) against the running server', () => {
  let s: TestServer;
  let dir: string;
  let photo = '';
  const ids = { userA: '', userB: '', authA: '', mediaA: '' };
  const tokens: Record<string, string> = {};
  const expired: Partial<Record<Kind, string>> = {};

  const userTokens = async (userId: string) => ({ backend_user: await s.backendUserToken(userId), user: await s.userToken(userId) });
  const enrolled = async (enable = true): Promise<string> => {
    const id = await s.createUser();
    const res = await s.send('POST', '/user/selfie', await s.userToken(id), videoForm(readFileSync(photo), 'photo.jpg', 'image/jpeg'));
    expect(res.status).toBe(200);
    if (enable) expect((await s.send('POST', '/user/authentication/enable', await s.backendUserToken(id))).status).toBe(200);
    return id;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-matrix-'));
    photo = frameOf(fixture('videos/real-selfie-5.mp4'), 1, join(dir, 'photo.jpg'));
    // The helpers mint every token afresh (~2 token requests a call): lift the per-address limit
    // (tested in tokens.test.ts) so it does not answer 429 before the cells are checked.
    s = await startTestServer({ workers: 1, maxQueue: 4, tokenRateLimit: false });
    ids.userA = await enrolled();
    ids.userB = await enrolled();
    const a = await userTokens(ids.userA);
    // A still photo has no liveness: a failed authentication, but a stored one with its media.
    const auth = await s.send('POST', '/user/authenticate', a.user, videoForm(readFileSync(photo), 'photo.jpg', 'image/jpeg'));
    ids.authA = ((await auth.json()) as { authentication_id: string }).authentication_id;
    const got = (await (await s.get(`/user/authentication/${ids.authA}`, a.backend_user)).json()) as { authentication: { media: { video: { href: string } } } };
    ids.mediaA = /\/media\/([^/]+)\/download/.exec(got.authentication.media.video.href)![1]!;
    // Tokens minted now are expired once the clock moves 61 minutes on.
    expired.login = await s.loginToken();
    expired.backend = await s.backendToken();
    Object.assign(expired, a);
    s.advance(61 * 60_000);
    const b = await userTokens(ids.userB);
    Object.assign(tokens, { login: await s.loginToken(), backend: await s.backendToken() });
    Object.assign(tokens, { backendUserA: (await userTokens(ids.userA)).backend_user, userA: (await userTokens(ids.userA)).user, backendUserB: b.backend_user, userB: b.user });
  });
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every registered route exactly once', async () => {
    const doc = (await (await s.get('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const inTable = ROWS.map((r) => `${r.method} ${r.path}`);
    expect(new Set(inTable).size).toBe(inTable.length);
    expect([...inTable].sort()).toEqual([...documented].sort());
  });

  /** The token a cell sends, or undefined for "none". Mutating rows get fresh users for A and B. */
  async function tokenFor(row: Row, column: Column, fresh: { A: string; B: string }): Promise<string | undefined> {
    const accepted = (['login', 'backend', 'backendUserA', 'userA'] as const).filter((c) => row.expected[c] < 401).map((c) => KIND_OF[c]!);
    const kind: Kind = accepted[0] ?? 'backend_user';
    if (column === 'none') return undefined;
    if (column === 'forged') return forge(kind, ids.userA);
    if (column === 'expired') return expired[kind];
    if (column === 'login' || column === 'backend') return tokens[column];
    const owner = column.endsWith('A') ? fresh.A : fresh.B;
    const t = await userTokens(owner);
    return column.startsWith('backendUser') ? t.backend_user : t.user;
  }

  async function intact(userId: string): Promise<void> {
    const t = await userTokens(userId);
    const status = (await (await s.get('/user/status', t.backend_user)).json()) as { user: { authorized: boolean; selfies: number } };
    expect(status.user).toMatchObject({ authorized: true, selfies: 1 });
  }

  it.each(ROWS.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_name, row) => {
    const key = `${row.method} ${row.path}`;
    const path = row.path
      .replace('{user_id}', ids.userA)
      .replace('{id}/download', `${ids.mediaA}/download`)
      .replace('{id}', ids.authA);
    for (const column of COLUMNS) {
      const mutating = MUTATES.has(key) && KIND_OF[column] !== undefined && row.expected[column] < 400;
      // Only voiding needs a selfie to act on; the other mutating routes work on a bare user.
      const freshUser = () => (key === 'PATCH /user/selfie' ? enrolled(false) : s.createUser());
      const fresh = { A: ids.userA, B: ids.userB };
      if (mutating) fresh[column.endsWith('A') ? 'A' : 'B'] = await freshUser();
      const token = await tokenFor(row, column, fresh);
      const upload = row.method === 'POST' && (row.path === '/user/selfie' || row.path === '/user/authenticate');
      const body = upload ? videoForm(new Uint8Array(0)) : row.method === 'POST' && row.path === '/user' ? JSON.stringify({}) : undefined;
      const headers: Record<string, string> = row.path === '/user' && row.method === 'POST' ? { 'content-type': 'application/json' } : {};
      const res = await s.send(row.method, path, token, body, headers);
      const cell = `${key} × ${column}`;
      expect({ cell, status: res.status }).toEqual({ cell, status: row.expected[column] });
      const text = await res.text();
      if (res.status >= 400) {
        const code = (JSON.parse(text) as { error: { code: string } }).error.code;
        const want =
          res.status === 401
            ? row.path === '/login_token' ? 'INVALID_API_KEY' : { none: 'MISSING_TOKEN', forged: 'INVALID_TOKEN', expired: 'TOKEN_EXPIRED' }[column as 'none']
            : res.status === 403 ? 'WRONG_TOKEN_KIND'
            : res.status === 409 ? 'AUTHENTICATION_ENABLED'
            : res.status === 404 ? (row.path.startsWith('/media') ? 'MEDIA_NOT_FOUND' : row.path.startsWith('/user/selfie/') ? 'SELFIE_NOT_FOUND' : 'AUTHENTICATION_NOT_FOUND')
            : 'INVALID_REQUEST';
        expect({ cell, code }).toEqual({ cell, code: want });
      } else if (column.endsWith('B') && row.path.startsWith('/user')) {
        // B's token acted on B: nothing of A's comes back.
        expect(text, cell).not.toContain(ids.userA);
      }
    }
    await intact(ids.userA);
    await intact(ids.userB);
  });

  it('lets no user token enrol a face on a user who may log in with it; the backend may', async () => {
    const a = await userTokens(ids.userA);
    const refused = await s.send('POST', '/user/selfie', a.user, videoForm(readFileSync(photo), 'photo.jpg', 'image/jpeg'));
    expect(await errorOf(refused)).toMatchObject({ status: 409, code: 'AUTHENTICATION_ENABLED' });
    await intact(ids.userA);
    const byBackend = await s.send('POST', '/user/selfie', a.backend_user, videoForm(readFileSync(photo), 'photo.jpg', 'image/jpeg'));
    expect(byBackend.status).toBe(200);
    expect((await s.send('PATCH', '/user/selfie', a.backend_user)).status).toBe(200);
    expect((await s.send('POST', '/user/selfie', a.user, videoForm(readFileSync(photo), 'photo.jpg', 'image/jpeg'))).status).toBe(409);
    expect((await s.send('POST', '/user/authentication/disable', a.backend_user)).status).toBe(200);
    expect((await s.send('POST', '/user/selfie', a.user, videoForm(readFileSync(photo), 'photo.jpg', 'image/jpeg'))).status).toBe(200);
  });

  it('refuses a user token of another user at every id-bearing route (never 200)', async () => {
    const b = await userTokens(ids.userB);
    expect((await errorOf(await s.get(`/user/authentication/${ids.authA}`, b.backend_user))).code).toBe('AUTHENTICATION_NOT_FOUND');
    expect((await errorOf(await s.get(`/media/${ids.mediaA}/download`, b.user))).code).toBe('MEDIA_NOT_FOUND');
  });
});
