// Face authentication: upload (browser or backend), read one, list.
import { Router } from 'express';
import { callerUserId, requireToken } from '../auth/require-token.js';
import type { AppDeps } from '../deps.js';
import { pageQuery } from '../http/query.js';
import { mediaUpload } from '../http/upload-request.js';
import * as auths from '../services/authentication-service.js';

export function authenticationsRouter(deps: AppDeps): Router {
  const r = Router();
  const backendUser = requireToken(deps.signer, ['backend_user']);
  const userOrBackendUser = requireToken(deps.signer, ['backend_user', 'user']);

  r.post('/user/authenticate', userOrBackendUser, async (req, res) => {
    res.json({ authentication_id: await auths.authenticate(deps, callerUserId(res), mediaUpload(req, deps), req.ip ?? 'unknown') });
  });
  r.get('/user/authentications', backendUser, async (req, res) => {
    res.json(await auths.listAuthentications(deps, callerUserId(res), pageQuery(req)));
  });
  r.get('/user/authentications/ids', backendUser, async (_req, res) => {
    res.json({ authentication_ids: await auths.authenticationIds(deps, callerUserId(res)) });
  });
  r.get('/user/authentication/:id', backendUser, async (req, res) => {
    res.json({ authentication: await auths.getAuthentication(deps, callerUserId(res), String(req.params.id)) });
  });
  return r;
}
