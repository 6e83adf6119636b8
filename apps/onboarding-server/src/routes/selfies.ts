// Selfie upload (browser or backend), void and delete (backend), report.
import { Router } from 'express';
import { callerUserId, requireToken, type Caller } from '../auth/require-token.js';
import type { AppDeps } from '../deps.js';
import { readChangedBy } from '../http/state-body.js';
import { mediaUpload } from '../http/upload-request.js';
import * as selfies from '../services/selfie-service.js';

export function selfiesRouter(deps: AppDeps): Router {
  const r = Router();
  const backendUser = requireToken(deps.signer, ['backend_user']);
  const userOrBackendUser = requireToken(deps.signer, ['backend_user', 'user']);

  r.post('/user/selfie', userOrBackendUser, async (req, res) => {
    res.json(await selfies.addSelfie(deps, callerUserId(res), mediaUpload(req, deps), (res.locals.caller as Caller).kind));
  });
  r.patch('/user/selfie', backendUser, async (req, res) => {
    await selfies.voidSelfies(deps, callerUserId(res), await readChangedBy(req));
    res.json({ message: 'Ok' });
  });
  r.delete('/user/selfie', backendUser, async (_req, res) => {
    await selfies.deleteSelfies(deps, callerUserId(res));
    res.json({ message: 'Ok' });
  });
  r.delete('/user/selfie/:id', backendUser, async (req, res) => {
    await selfies.deleteSelfie(deps, callerUserId(res), String(req.params.id));
    res.json({ message: 'Ok' });
  });
  r.get('/user/report', backendUser, async (_req, res) => {
    res.json({ report: await selfies.getReport(deps, callerUserId(res)) });
  });
  return r;
}
