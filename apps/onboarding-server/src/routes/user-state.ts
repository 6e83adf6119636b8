// The user state of Alice's SDKs (backend token with user id), and the users
// stats (backend token).
import { Router } from 'express';
import { callerUserId, requireToken } from '../auth/require-token.js';
import type { AppDeps } from '../deps.js';
import { readStateUpdate } from '../http/state-body.js';
import * as states from '../services/user-state-service.js';

export function userStateRouter(deps: AppDeps): Router {
  const r = Router();
  const backend = requireToken(deps.signer, ['backend']);
  const backendUser = requireToken(deps.signer, ['backend_user']);

  // The SDKs read the state as a bare JSON string ("TO_REVIEW"); who set it and why is in /user/status.
  r.get('/user/state', backendUser, async (_req, res) => {
    res.json(await states.getUserState(deps, callerUserId(res)));
  });
  r.patch('/user/state', backendUser, async (req, res) => {
    const { state, ...by } = await readStateUpdate(req);
    await states.setUserState(deps, callerUserId(res), state, by);
    res.json({ message: 'Ok' });
  });
  r.get('/users/stats', backend, async (_req, res) => {
    res.json({ stats: await states.usersStats(deps) });
  });
  return r;
}
