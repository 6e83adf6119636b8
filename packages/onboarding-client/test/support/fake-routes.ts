// The fake upstream's behaviour per route: token kinds as in docs/CONTRACT.md, then a scripted
// answer if one is queued, else a contract-shaped default answer.
import type { ServerResponse } from 'node:http';
import { apiError, send, type FakeApi, type Recorded, type Scripted } from './fake-api.js';
import type { Kind } from './fake-tokens.js';
import { authentication, report, userStatus, userSummary } from './samples.js';

type Handler = (api: FakeApi, req: Recorded, params: string[], sub: string | undefined) => Scripted;

interface Route {
  method: string;
  pattern: RegExp;
  kinds: readonly Kind[] | 'apikey' | 'none';
  handle: Handler;
}

const B = ['backend'] as const;
const BU = ['backend_user'] as const;
const BU_U = ['backend_user', 'user'] as const;
const OK: Scripted = { body: { message: 'Ok' } };

function token(kind: Kind): Handler {
  return (api, _req, [userId]) => {
    if (userId !== undefined && kind === 'backend_user' && !api.users.has(userId)) {
      return apiError(404, 'USER_NOT_FOUND', 'No such user.');
    }
    return { body: { token: api.tokens.issue(kind, userId) } };
  };
}

function page(req: Recorded, users: unknown[]): Scripted {
  const pageNo = Number(req.query.get('page') ?? 1);
  const pageSize = Number(req.query.get('page_size') ?? 20);
  return { body: { users, total: users.length, page: pageNo, page_size: pageSize } };
}

const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/healthcheck$/, kinds: 'none', handle: () => ({ body: { status: 'ok', version: '0.0.0-test' } }) },
  { method: 'GET', pattern: /^\/login_token$/, kinds: 'apikey', handle: (api) => ({ body: { token: api.tokens.issue('login') } }) },
  { method: 'GET', pattern: /^\/backend_token$/, kinds: ['login'], handle: token('backend') },
  { method: 'GET', pattern: /^\/backend_token\/([^/]+)$/, kinds: ['login'], handle: token('backend_user') },
  { method: 'GET', pattern: /^\/user_token\/([^/]+)$/, kinds: ['login'], handle: token('user') },
  { method: 'POST', pattern: /^\/user$/, kinds: B, handle: (api) => ({ body: { user_id: api.newUserId() } }) },
  {
    method: 'DELETE', pattern: /^\/user$/, kinds: BU,
    handle: (api, _req, _p, sub) => (sub && api.users.delete(sub) ? OK : apiError(404, 'USER_NOT_FOUND', 'No such user.')),
  },
  { method: 'GET', pattern: /^\/user\/status$/, kinds: BU_U, handle: (api, _r, _p, sub) => ({ body: { user: userStatus(sub!, api.url) } }) },
  { method: 'GET', pattern: /^\/users$/, kinds: B, handle: (api, req) => page(req, [...api.users].map((id) => userSummary(id))) },
  { method: 'GET', pattern: /^\/users\/status$/, kinds: B, handle: (api, req) => page(req, [...api.users].map((id) => userStatus(id, api.url))) },
  {
    method: 'POST', pattern: /^\/user\/selfie$/, kinds: BU_U,
    handle: () => ({ body: { selfie_id: 'selfie-1', face_liveness: 87.5, number_of_faces: 1 } }),
  },
  { method: 'PATCH', pattern: /^\/user\/selfie$/, kinds: BU, handle: () => OK },
  { method: 'DELETE', pattern: /^\/user\/selfie(\/[^/]+)?$/, kinds: BU, handle: () => OK },
  { method: 'GET', pattern: /^\/user\/state$/, kinds: BU, handle: () => ({ body: 'TO_REVIEW' }) },
  { method: 'PATCH', pattern: /^\/user\/state$/, kinds: BU, handle: () => OK },
  {
    method: 'GET', pattern: /^\/users\/stats$/, kinds: B,
    handle: () => ({ body: { stats: { total: 2, authorized: 1, with_selfie: 1, with_valid_selfie: 1, states: { NOT_STARTED: 1, IN_PROGRESS: 0, TO_REVIEW: 0, ACCEPTED: 1, REJECTED: 0 } } } }),
  },
  { method: 'GET', pattern: /^\/user\/authentications\/ids$/, kinds: BU, handle: () => ({ body: { authentication_ids: ['auth-2', 'auth-1'] } }) },
  { method: 'GET', pattern: /^\/user\/report$/, kinds: BU, handle: (api, _r, _p, sub) => ({ body: { report: report(sub!, api.url) } }) },
  { method: 'POST', pattern: /^\/user\/(authentication\/enable|authentication\/disable|authorize|deauthorize)$/, kinds: BU, handle: () => OK },
  { method: 'POST', pattern: /^\/user\/authenticate$/, kinds: BU_U, handle: () => ({ body: { authentication_id: 'auth-1' } }) },
  {
    method: 'GET', pattern: /^\/user\/authentications$/, kinds: BU,
    handle: (api) => ({ body: { authentications: [authentication('auth-1', api.url)], total: 1, version: 1 } }),
  },
  {
    method: 'GET', pattern: /^\/user\/authentication\/([^/]+)$/, kinds: BU,
    handle: (api, _r, [id]) => ({ body: { authentication: authentication(id!, api.url) } }),
  },
  {
    method: 'GET', pattern: /^\/media\/([^/]+)\/download$/, kinds: BU_U,
    handle: (_api, _r, [id]) => ({ raw: `bytes of ${id}`, headers: { 'content-type': 'video/mp4' } }),
  },
];

export async function route(api: FakeApi, req: Recorded, res: ServerResponse): Promise<void> {
  for (const r of ROUTES) {
    const match = r.method === req.method ? r.pattern.exec(req.path) : null;
    if (!match) continue;
    const params = match.slice(1).map((p) => decodeURIComponent(p));
    let sub: string | undefined;
    if (r.kinds === 'apikey') {
      if (req.headers.apikey !== api.apiKey) return send(res, apiError(401, 'INVALID_API_KEY', 'The API key is not valid.'));
    } else if (r.kinds !== 'none') {
      const verdict = api.tokens.verify(req.headers.authorization, r.kinds);
      if (!verdict.ok) return send(res, apiError(verdict.status, verdict.code, verdict.message));
      req.token = verdict.claims;
      sub = verdict.claims.sub;
    }
    return send(res, api.takeScript(req.method, req.path) ?? r.handle(api, req, params, sub));
  }
  send(res, apiError(404, 'NOT_FOUND', `No route ${req.method} ${req.path}.`));
}
