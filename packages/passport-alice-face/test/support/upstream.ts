// A stand-in for the Onboarding API on loopback, for unit tests and the
// benchmark: the real token endpoints (HS256 JWTs with kind/sub/exp, as the
// contract says) and GET /user/authentication/{id} serving canned
// authentications. The real server is tested in integration.server.test.ts.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Authentication } from '../../src/index.js';

type Kind = 'login' | 'backend' | 'backend_user' | 'user';
/** A canned answer: an authentication owned by a user, or a custom responder for faults. */
export type Entry = { owner: string; authentication: Authentication } | { id: string; owner: string; respond: (res: ServerResponse) => void };

export interface Upstream {
  url: string;
  apiKey: string;
  /** Requests served, by route: login_token, backend_token, user_token, authentication, other. */
  counts: Record<string, number>;
  add(entry: Entry): void;
  addUser(userId: string): void;
  close(): Promise<void>;
}

const b64 = (value: object | Buffer): string =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function apiError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

export interface UpstreamOptions {
  /** Answers ids not added beforehand (the benchmark makes a fresh id per login). */
  synthesize?: (id: string, userId: string) => Authentication | undefined;
}

export async function startUpstream(options: UpstreamOptions = {}): Promise<Upstream> {
  const secret = randomBytes(32);
  const apiKey = `test-${randomUUID()}`;
  const users = new Set<string>();
  const entries = new Map<string, Entry>();
  const counts: Record<string, number> = { login_token: 0, backend_token: 0, user_token: 0, authentication: 0, other: 0 };

  const sign = (kind: Kind, sub?: string): string => {
    const iat = Math.floor(Date.now() / 1000);
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ kind, sub, iat, exp: iat + 3600, jti: randomUUID() })}`;
    return `${head}.${b64(createHmac('sha256', secret).update(head).digest())}`;
  };
  const verify = (req: IncomingMessage): { kind: Kind; sub?: string } | undefined => {
    const match = /^Bearer (.+)\.(.+)\.(.+)$/.exec(req.headers.authorization ?? '');
    if (!match) return undefined;
    const expected = b64(createHmac('sha256', secret).update(`${match[1]}.${match[2]}`).digest());
    if (expected !== match[3]) return undefined;
    const claims = JSON.parse(Buffer.from(match[2]!, 'base64url').toString()) as { kind: Kind; sub?: string; exp: number };
    return claims.exp * 1000 > Date.now() ? claims : undefined;
  };

  const route = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'GET' || !path.startsWith('/onboarding/')) {
      counts.other!++;
      return apiError(res, 404, 'NOT_FOUND', 'No such route.');
    }
    const parts = path.slice('/onboarding/'.length).split('/').map(decodeURIComponent);
    if (parts[0] === 'login_token') {
      counts.login_token!++;
      if (req.headers.apikey !== apiKey) return apiError(res, 401, 'INVALID_API_KEY', 'Invalid API key.');
      return sendJson(res, 200, { token: sign('login') });
    }
    const claims = verify(req);
    if (parts[0] === 'backend_token' || parts[0] === 'user_token') {
      counts[parts[0]]!++;
      if (claims?.kind !== 'login') return apiError(res, 401, 'INVALID_TOKEN', 'A login token is required.');
      const userId = parts[1];
      if (userId !== undefined && !users.has(userId)) return apiError(res, 404, 'USER_NOT_FOUND', 'No such user.');
      const kind: Kind = parts[0] === 'user_token' ? 'user' : userId ? 'backend_user' : 'backend';
      return sendJson(res, 200, { token: sign(kind, userId) });
    }
    if (parts[0] === 'user' && parts[1] === 'authentication' && parts.length === 3) {
      counts.authentication!++;
      if (!claims) return apiError(res, 401, 'INVALID_TOKEN', 'Invalid token.');
      if (claims.kind !== 'backend_user') return apiError(res, 403, 'WRONG_TOKEN_KIND', 'Wrong token kind.');
      const made = entries.has(parts[2]!) ? undefined : options.synthesize?.(parts[2]!, claims.sub ?? '');
      const entry = made ? { owner: claims.sub ?? '', authentication: made } : entries.get(parts[2]!);
      // Another user's authentication is reported exactly like a missing one.
      if (!entry || entry.owner !== claims.sub) {
        return apiError(res, 404, 'AUTHENTICATION_NOT_FOUND', 'Authentication not found.');
      }
      if ('respond' in entry) return entry.respond(res);
      return sendJson(res, 200, { authentication: entry.authentication });
    }
    counts.other!++;
    return apiError(res, 404, 'NOT_FOUND', 'No such route.');
  };

  const server = createServer(route);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/onboarding`,
    apiKey,
    counts,
    add(entry) {
      users.add(entry.owner);
      entries.set('authentication' in entry ? entry.authentication.authentication_id : entry.id, entry);
    },
    addUser: (userId) => void users.add(userId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An authentication as the API returns it; `ageSeconds` back from `nowMs`. */
export function cannedAuthentication(
  id: string,
  scores: { liveness: number | null; matching: number | null },
  ageSeconds = 5,
  nowMs = Date.now(),
): Authentication {
  return {
    authentication_id: id,
    created_at: new Date(nowMs - ageSeconds * 1000).toISOString(),
    face_liveness: scores.liveness,
    face_matching: scores.matching,
    checks: [],
    media: { video: { extension: 'webm', href: `http://127.0.0.1/onboarding/media/${id}/download`, objects: null } },
  };
}
