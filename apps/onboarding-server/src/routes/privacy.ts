// The person's rights and the retention schedule: withdrawal of the
// biometrics and the export (backend token with user id), the media download
// log (backend token), and the published schedule (no token).
import { Router } from 'express';
import { callerUserId, requireToken } from '../auth/require-token.js';
import type { AppDeps } from '../deps.js';
import { mediaAccessQuery } from '../http/query.js';
import { readChangedBy } from '../http/state-body.js';
import * as privacy from '../services/privacy-service.js';
import { retentionView } from '../services/retention-service.js';

export function privacyRouter(deps: AppDeps): Router {
  const r = Router();
  const backend = requireToken(deps.signer, ['backend']);
  const backendUser = requireToken(deps.signer, ['backend_user']);

  r.get('/retention', (_req, res) => {
    res.json({ retention: retentionView(deps.retention) });
  });
  r.delete('/user/biometrics', backendUser, async (req, res) => {
    res.json({ message: 'Ok', ...(await privacy.deleteBiometrics(deps, callerUserId(res), await readChangedBy(req))) });
  });
  r.get('/user/export', backendUser, async (_req, res) => {
    res.set('Cache-Control', 'private, no-store').json({ export: await privacy.exportUser(deps, callerUserId(res)) });
  });
  r.get('/media_access', backend, async (req, res) => {
    res.json(await privacy.listMediaAccess(deps, mediaAccessQuery(req)));
  });
  return r;
}
