// Selfies: upload → face engine → selfie row with its template and the face
// crop as media; void; delete (all, or one); the report. A failed upload
// leaves nothing.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { TokenKind } from '../auth/jwt.js';
import type { AppDeps } from '../deps.js';
import { HttpError } from '@alice-face/http-common';
import { WriteRefused } from '../store/store.js';
import { events } from '../webhooks/events.js';
import { useChallenge } from './challenge-service.js';
import type { MediaUpload } from './media-upload.js';
import { requireUser } from './user-service.js';
import { recordChange, type ChangedBy } from './user-state-service.js';
import { report } from './views.js';

const authenticationEnabled = () =>
  new HttpError(409, 'AUTHENTICATION_ENABLED', 'Face login is enabled for this user: add a selfie with a backend token with user id, or disable face login first.');

export async function addSelfie(deps: AppDeps, userId: string, media: MediaUpload, callerKind: TokenKind) {
  const user = await requireUser(deps, userId);
  // A selfie counts for matching at once, so adding one to a user who may log in
  // with the face is enrolling a face on that account: not with a user token
  // (what a browser holds). Checked before the upload, and again in the
  // transaction that stores it: approving the user during a slow upload must
  // not let that upload join the approved enrollment.
  const fromUser = callerKind === 'user';
  if (user.authorized && fromUser) throw authenticationEnabled();
  const upload = await media.receive();
  try {
    // Enrolment stays passive unless the page asked for a challenge.
    const challenge = await useChallenge(deps, userId, upload.fields.challenge_id, false);
    const selfieId = randomUUID();
    const mediaId = randomUUID();
    const analysis = await deps.analysis.analyze({ path: upload.path, maxBytes: deps.maxUploadBytes, challenge, cropId: mediaId, signal: media.signal });
    const at = deps.now();
    const createdAt = new Date(at).toISOString();
    try {
      await deps.store.addSelfie(
        { id: mediaId, userId, kind: 'cropped_face', contentType: 'image/jpeg', extension: 'jpeg', size: analysis.cropBytes, createdAt },
        {
          id: selfieId,
          userId,
          createdAt,
          liveness: analysis.liveness,
          voided: false,
          numberOfFaces: analysis.numberOfFaces,
          checks: analysis.checks,
          template: analysis.template,
          templateVersion: analysis.templateVersion,
          croppedFaceMediaId: mediaId,
          challengeId: upload.fields.challenge_id ?? null,
          challengeResult: analysis.challenge ?? null,
        },
        fromUser ? { authorized: false } : undefined,
        [events.selfieAdded(at, userId, selfieId, analysis.liveness)],
      );
    } catch (err) {
      await deps.media.remove([mediaId]);
      if (err instanceof WriteRefused && err.reason === 'authorized') throw authenticationEnabled();
      await requireUser(deps, userId); // deleted while we analysed → 404, not 500
      throw err;
    }
    deps.webhooks.dispatcher.notify();
    // A user token is what a browser holds: it is not told the score (the backend reads the report).
    return fromUser
      ? { selfie_id: selfieId, number_of_faces: analysis.numberOfFaces }
      : { selfie_id: selfieId, face_liveness: analysis.liveness, number_of_faces: analysis.numberOfFaces };
  } finally {
    await rm(upload.path, { force: true });
  }
}

/** Voids the selfies (the user state follows them) and records who did it. */
export async function voidSelfies(deps: AppDeps, userId: string, by: ChangedBy = {}): Promise<void> {
  await requireUser(deps, userId);
  const at = deps.now();
  if ((await deps.store.voidSelfies(userId, new Date(at).toISOString(), (ids) => [events.selfieVoided(at, userId, ids)])) === 0) {
    throw new HttpError(404, 'NO_SELFIE', 'The user has no selfie to void.');
  }
  deps.webhooks.dispatcher.notify();
  await recordChange(deps, userId, by);
}

export async function deleteSelfies(deps: AppDeps, userId: string): Promise<void> {
  await requireUser(deps, userId);
  const mediaIds = await deps.store.deleteSelfies(userId);
  await deps.media.remove(mediaIds);
  await deps.store.purgeDeleted(); // the templates went with the rows
}

export async function deleteSelfie(deps: AppDeps, userId: string, selfieId: string): Promise<void> {
  await requireUser(deps, userId);
  const mediaId = await deps.store.deleteSelfie(userId, selfieId);
  if (mediaId === undefined) throw new HttpError(404, 'SELFIE_NOT_FOUND', 'No selfie of this user has this id.');
  await deps.media.remove([mediaId]);
  await deps.store.purgeDeleted();
}

export async function getReport(deps: AppDeps, userId: string) {
  const user = await deps.store.getUserStatus(userId);
  if (!user) throw new HttpError(404, 'USER_NOT_FOUND', 'No user has this id.');
  return report(user, await deps.store.listSelfies(userId), deps.baseUrl(), deps.retention);
}
