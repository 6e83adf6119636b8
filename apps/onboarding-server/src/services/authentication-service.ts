// Authentications: a new clip scored for liveness and matched against the
// user's non-voided templates, stored with the clip; reads and listing; and
// the limit on failed attempts (counted in the database from the stored
// failures and the attempts in flight, per client, so it survives restarts
// and holds across instances sharing a database). Face login being enabled
// is checked before the upload and again in the transaction that stores it.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { failureWait } from '@alice-face/rate-limit';
import type { AppDeps } from '../deps.js';
import { HttpError } from '@alice-face/http-common';
import { WriteRefused, type FailedAuthentication, type PageQuery } from '../store/store.js';
import { events } from '../webhooks/events.js';
import { useChallenge } from './challenge-service.js';
import type { MediaUpload } from './media-upload.js';
import { mediaType } from './media-type.js';
import { PASS_SCORE } from './face.js';
import { requireUser } from './user-service.js';
import { authentication } from './views.js';
import { TEMPLATE_VERSION } from '@alice-face/face-engine/template-format';

const notAuthorized = () => new HttpError(403, 'USER_NOT_AUTHORIZED', 'Face authentication is not enabled for this user.');

/**
 * Ms the client must wait: the user's failures over the limit count against
 * the clients that failed on it only (@alice-face/rate-limit's rule), so
 * another client, the person on their own network, is not locked out.
 */
function failureLimitWait(deps: AppDeps, clientKey: string, failures: FailedAuthentication[]): number {
  const { max, windowMs } = deps.failedAuth;
  const counted = failures.map((f) => ({ at: Date.parse(f.createdAt), address: f.clientKey ?? '' }));
  return failureWait({ perSubject: max, perAddress: 0, windowMs }, deps.now(), clientKey, counted, []);
}

async function checkAllowed(deps: AppDeps, userId: string): Promise<void> {
  const user = await requireUser(deps, userId);
  if (!user.authorized) throw notAuthorized();
  const templates = await deps.store.validTemplates(userId);
  if (templates.length === 0) {
    throw new HttpError(403, 'NO_VALID_SELFIE', 'The user has no valid selfie to match against.');
  }
  if (!templates.some((t) => t.version === TEMPLATE_VERSION)) {
    throw new HttpError(409, 'REENROLLMENT_REQUIRED', 'The user\'s selfie was enrolled by an older face engine; a new selfie is needed before face authentication.');
  }
}

/**
 * Counts this attempt against the failure limit before the upload is read:
 * attempts in flight count like failures until they end, so parallel uploads
 * (to any instance) cannot all slip under the limit.
 */
async function beginAttempt(deps: AppDeps, userId: string, clientKey: string): Promise<string> {
  const now = deps.now();
  const id = randomUUID();
  const since = new Date(now - deps.failedAuth.windowMs).toISOString();
  const begun = await deps.store.beginAuthenticationAttempt({ id, userId, startedAt: new Date(now).toISOString(), clientKey }, since, (counted) =>
    failureLimitWait(deps, clientKey, counted),
  );
  if (!begun.started) {
    throw new HttpError(429, 'TOO_MANY_ATTEMPTS', 'Too many failed authentications for this user from this client; try again later.', {
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(begun.waitMs / 1000))) },
    });
  }
  return id;
}

/** A new authentication of `userId` from the clip in `media`, sent from `clientAddress` (the failure limit's key). */
export async function authenticate(deps: AppDeps, userId: string, media: MediaUpload, clientAddress: string): Promise<string> {
  const clientKey = deps.clientKey(clientAddress);
  await checkAllowed(deps, userId);
  const attempt = await beginAttempt(deps, userId, clientKey);
  try {
    return await scoreAndStore(deps, userId, media, clientKey);
  } finally {
    await deps.store.endAuthenticationAttempt(attempt);
  }
}

async function scoreAndStore(deps: AppDeps, userId: string, media: MediaUpload, clientKey: string): Promise<string> {
  const upload = await media.receive();
  try {
    const challenge = await useChallenge(deps, userId, upload.fields.challenge_id, deps.requireChallenge);
    const id = randomUUID();
    const mediaId = randomUUID();
    const analysis = await deps.analysis.analyze({ path: upload.path, maxBytes: deps.maxUploadBytes, challenge, clipId: mediaId, signal: media.signal });
    try {
      // Templates read after the analysis: a selfie voided meanwhile must not match. Only
      // templates of the analysis's own version are comparable; older ones wait for re-enrolment.
      const templates = (await deps.store.validTemplates(userId)).filter((t) => t.version === analysis.templateVersion);
      const faceMatching = templates.length ? Math.max(...templates.map((t) => deps.analysis.matchScore(analysis.template, t.template))) : null;
      const faceLiveness = analysis.liveness;
      const passed = faceLiveness !== null && faceLiveness >= PASS_SCORE && faceMatching !== null && faceMatching >= PASS_SCORE;
      const at = deps.now();
      const createdAt = new Date(at).toISOString();
      const type = mediaType(analysis, upload);
      await deps.store.addAuthentication(
        { id: mediaId, userId, kind: 'video', ...type, size: upload.size, createdAt },
        {
          id, userId, createdAt, faceLiveness, faceMatching, passed, checks: analysis.checks, videoMediaId: mediaId, videoExtension: type.extension,
          challengeId: upload.fields.challenge_id ?? null, challengeResult: analysis.challenge ?? null, clientKey,
        },
        // Face login disabled while the clip uploaded: nothing is stored.
        { authorized: true },
        [events.authenticationCreated(at, userId, id)],
      );
    } catch (err) {
      await deps.media.remove([mediaId]);
      if (err instanceof WriteRefused && err.reason === 'not_authorized') throw notAuthorized();
      await requireUser(deps, userId); // deleted while we analysed → 404, not 500
      throw err;
    }
    deps.webhooks.dispatcher.notify();
    return id;
  } finally {
    await rm(upload.path, { force: true });
  }
}

export async function getAuthentication(deps: AppDeps, userId: string, id: string) {
  const row = await deps.store.getAuthentication(userId, id);
  if (!row) throw new HttpError(404, 'AUTHENTICATION_NOT_FOUND', 'No authentication of this user has this id.');
  return authentication(row, deps.baseUrl(), deps.retention);
}

export async function listAuthentications(deps: AppDeps, userId: string, q: PageQuery) {
  await requireUser(deps, userId);
  const { rows, total } = await deps.store.listAuthentications(userId, q);
  const base = deps.baseUrl();
  return { authentications: rows.map((r) => authentication(r, base, deps.retention)), total, version: 1 as const };
}

export async function authenticationIds(deps: AppDeps, userId: string): Promise<string[]> {
  await requireUser(deps, userId);
  return deps.store.authenticationIds(userId);
}
