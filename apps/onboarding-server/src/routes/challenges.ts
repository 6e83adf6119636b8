// Active-liveness challenge for the token's user (browser or backend).
import { Router } from 'express';
import { callerUserId, requireToken } from '../auth/require-token.js';
import type { AppDeps } from '../deps.js';
import { createChallenge } from '../services/challenge-service.js';

export function challengesRouter(deps: AppDeps): Router {
  const r = Router();
  r.post('/user/challenge', requireToken(deps.signer, ['backend_user', 'user']), async (_req, res) => {
    res.json(await createChallenge(deps, callerUserId(res)));
  });
  return r;
}
