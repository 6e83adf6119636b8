// The four tokens: login (API key), backend, backend with user id, user.
import { Router } from 'express';
import { requireToken, type Caller } from '../auth/require-token.js';
import type { AppDeps } from '../deps.js';
import { loginToken, userScopedToken } from '../services/token-service.js';

export function tokensRouter(deps: AppDeps): Router {
  const r = Router();
  // Checked before the token itself, so floods with bad tokens are limited too.
  if (deps.tokenLimiter) r.use(['/login_token', '/backend_token', '/user_token'], deps.tokenLimiter);
  const login = requireToken(deps.signer, ['login']);
  // Counts the 401s only: bad API keys per client address.
  r.get('/login_token', deps.apiKeyLimiter, async (req, res) => {
    const key = req.headers.apikey;
    res.json({ token: await loginToken(deps, Array.isArray(key) ? key[0] : key) });
  });
  const keyOf = (res: { locals: Record<string, unknown> }) => (res.locals.caller as Caller).apiKeyId;
  r.get('/backend_token', login, (_req, res) => {
    res.json({ token: deps.signer.sign('backend', undefined, keyOf(res)) });
  });
  r.get('/backend_token/:user_id', login, async (req, res) => {
    res.json({ token: await userScopedToken(deps, 'backend_user', String(req.params.user_id), keyOf(res)) });
  });
  r.get('/user_token/:user_id', login, async (req, res) => {
    res.json({ token: await userScopedToken(deps, 'user', String(req.params.user_id), keyOf(res)) });
  });
  return r;
}
