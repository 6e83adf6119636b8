// Authentications: a new clip scored for liveness and matched against the
// user's non-voided templates, stored with the clip; reads and listing; and
// the per-user limit on failed attempts (counted from the stored rows, so it
// survives restarts and holds across instances sharing a database).
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Request } from 'express';
import type { AppDeps } from '../deps.js';
import { HttpError } from '../http/http-error.js';
import type { PageQuery } from '../store/store.js';
import { receiveUpload } from '../uploads/receive-upload.js';
import { useChallenge } from './challenge-service.js';
import { analyzeUpload, mediaType } from './face-errors.js';
import { PASS_SCORE } from './face.js';
import { requireUser } from './user-service.js';
import { authentication } from './views.js';
import { TEMPLATE_VERSION } from '@alice-face/face-engine/template-format';

async function checkAllowed(deps: AppDeps, userId: string): Promise<void> {
  const user = await requireUser(deps, userId);
  if (!user.authorized) throw new HttpError(403, 'USER_NOT_AUTHORIZED', 'Face authentication is not enabled for this user.');
  const templates = await deps.store.validTemplates(userId);
  if (templates.length === 0) {
    throw new HttpError(403, 'NO_VALID_SELFIE', 'The user has no valid selfie to match against.');
  }
  if (!templates.some((t) => t.version === TEMPLATE_VERSION)) {
    throw new HttpError(409, 'REENROLLMENT_REQUIRED', 'The user\'s selfie was enrolled by an older face engine; a new selfie is needed before face authentication.');
  }
  const { max, windowMs } = deps.failedAuth;
  const failures = await deps.store.failedAuthenticationsSince(userId, new Date(deps.now() - windowMs).toISOString());
  if (failures.length >= max) {
    const oldest = Date.parse(failures[failures.length - max]!);
    const retry = Math.max(1, Math.ceil((oldest + windowMs - deps.now()) / 1000));
    throw new HttpError(429, 'TOO_MANY_ATTEMPTS', 'Too many failed authentications for this user; try again later.', {
      headers: { 'Retry-After': String(retry) },
    });
  }
}

export async function authenticate(deps: AppDeps, userId: string, req: Request): Promise<string> {
  await checkAllowed(deps, userId);
  const upload = await receiveUpload(req, { field: 'video', maxBytes: deps.maxUploadBytes, tempPath: deps.media.tempPath() });
  try {
    const challenge = await useChallenge(deps, userId, upload.fields.challenge_id, deps.requireChallenge);
    const analysis = await analyzeUpload(deps.faces, upload.path, deps.maxUploadBytes, challenge);
    // Templates read after the analysis: a selfie voided meanwhile must not match. Only
    // templates of the analysis's own version are comparable; older ones wait for re-enrolment.
    const templates = (await deps.store.validTemplates(userId)).filter((t) => t.version === analysis.templateVersion);
    const faceMatching = templates.length ? Math.max(...templates.map((t) => deps.matchScore(analysis.template, t.template))) : null;
    const faceLiveness = analysis.liveness;
    const passed = faceLiveness !== null && faceLiveness >= PASS_SCORE && faceMatching !== null && faceMatching >= PASS_SCORE;
    const id = randomUUID();
    const mediaId = randomUUID();
    const createdAt = new Date(deps.now()).toISOString();
    const type = mediaType(analysis, upload);
    await deps.media.adopt(mediaId, upload.path);
    try {
      await deps.store.addAuthentication(
        { id: mediaId, userId, kind: 'video', ...type, size: upload.size, createdAt },
        {
          id, userId, createdAt, faceLiveness, faceMatching, passed, checks: analysis.checks, videoMediaId: mediaId, videoExtension: type.extension,
          challengeId: upload.fields.challenge_id ?? null, challengeResult: analysis.challenge ?? null,
        },
      );
    } catch (err) {
      await deps.media.remove([mediaId]);
      await requireUser(deps, userId);
      throw err;
    }
    return id;
  } finally {
    await rm(upload.path, { force: true });
  }
}

export async function getAuthentication(deps: AppDeps, userId: string, id: string) {
  const row = await deps.store.getAuthentication(userId, id);
  if (!row) throw new HttpError(404, 'AUTHENTICATION_NOT_FOUND', 'No authentication of this user has this id.');
  return authentication(row, deps.baseUrl());
}

export async function listAuthentications(deps: AppDeps, userId: string, q: PageQuery) {
  await requireUser(deps, userId);
  const { rows, total } = await deps.store.listAuthentications(userId, q);
  const base = deps.baseUrl();
  return { authentications: rows.map((r) => authentication(r, base)), total, version: 1 as const };
}

export async function authenticationIds(deps: AppDeps, userId: string): Promise<string[]> {
  await requireUser(deps, userId);
  return deps.store.authenticationIds(userId);
}
