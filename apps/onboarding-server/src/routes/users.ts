// Users: create (backend token), and everything about one user (backend
// token with user id, or the user's own token for status). Creation takes
// what Alice's SDKs send: user_info (names, email) and device_info
// (device_platform, device_platform_version, device_model); other fields
// (flow_id) are ignored.
import { Router } from 'express';
import { z } from 'zod';
import { callerUserId, requireToken, type Caller } from '../auth/require-token.js';
import type { AppDeps } from '../deps.js';
import { readForm } from '../http/form-body.js';
import { HttpError } from '@alice-face/http-common';
import { usersQuery } from '../http/query.js';
import { readChangedBy } from '../http/state-body.js';
import * as users from '../services/user-service.js';
import { setFaceLogin } from '../services/user-state-service.js';

const optionalText = z.string().trim().max(200).optional().transform((v) => (v === '' ? undefined : v));
const newUserSchema = z.object({
  email: z.string().trim().max(320).optional().transform((v) => (v === '' ? undefined : v)).pipe(z.email().optional()),
  first_name: optionalText,
  last_name: optionalText,
  device_platform: optionalText,
  device_platform_version: optionalText,
  device_model: optionalText,
});

export function usersRouter(deps: AppDeps): Router {
  const r = Router();
  const backend = requireToken(deps.signer, ['backend']);
  const backendUser = requireToken(deps.signer, ['backend_user']);
  const userOrBackendUser = requireToken(deps.signer, ['backend_user', 'user']);

  r.post('/user', backend, async (req, res) => {
    const parsed = newUserSchema.safeParse(await readForm(req));
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? 'body');
      throw new HttpError(400, 'INVALID_REQUEST', `The field ${field} is invalid.`, { details: { field } });
    }
    const d = parsed.data;
    const device = { platform: d.device_platform, platformVersion: d.device_platform_version, model: d.device_model };
    res.json({ user_id: await users.createUser(deps, { email: d.email, firstName: d.first_name, lastName: d.last_name, device }) });
  });
  r.delete('/user', backendUser, async (_req, res) => {
    await users.deleteUser(deps, callerUserId(res));
    res.json({ message: 'Ok' });
  });
  r.get('/user/status', userOrBackendUser, async (_req, res) => {
    const status = await users.getUserStatus(deps, callerUserId(res));
    // A user token is what a browser holds: scores are for the backend and reviewers.
    if ((res.locals.caller as Caller).kind === 'user') {
      const { face_liveness: _score, ...withoutScore } = status;
      res.json({ user: withoutScore });
      return;
    }
    res.json({ user: status });
  });
  r.get('/users', backend, async (req, res) => {
    res.json(await users.listUsers(deps, usersQuery(req), false));
  });
  r.get('/users/status', backend, async (req, res) => {
    res.json(await users.listUsers(deps, usersQuery(req), true));
  });
  for (const [path, authorized] of [
    ['/user/authentication/enable', true],
    ['/user/authorize', true],
    ['/user/authentication/disable', false],
    ['/user/deauthorize', false],
  ] as const) {
    r.post(path, backendUser, async (req, res) => {
      await setFaceLogin(deps, callerUserId(res), authorized, await readChangedBy(req));
      res.json({ message: 'Ok' });
    });
  }
  return r;
}
