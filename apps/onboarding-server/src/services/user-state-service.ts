// The user state of Alice's SDKs (NOT_STARTED, IN_PROGRESS, TO_REVIEW,
// ACCEPTED, REJECTED) and every change of it. Enabling or disabling face
// login, voiding selfies and PATCH /user/state all go through the store's one
// updateUserState, which also records who made the change: the state, the
// `authorized` flag and the reviewer's reasons never disagree.
import type { AppDeps } from '../deps.js';
import { HttpError } from '@alice-face/http-common';
import type { UpdateReasons, UserState } from '../store/store.js';
import { events } from '../webhooks/events.js';

/** The operator recorded when the caller names none (the SDKs' default). */
export const DEFAULT_OPERATOR = 'auto';

/** Who made a change, and why. */
export interface ChangedBy {
  operator?: string | undefined;
  updateReasons?: UpdateReasons | null | undefined;
}

async function apply(deps: AppDeps, userId: string, set: { authorized?: boolean; rejected?: boolean }, by: ChangedBy, expected?: UserState) {
  const at = deps.now();
  const update = { ...set, operator: by.operator ?? DEFAULT_OPERATOR, updateReasons: by.updateReasons ?? null, at: new Date(at).toISOString() };
  // authentication_enabled / _disabled when the face-login flag changes, in the same transaction.
  const result = await deps.store.updateUserState(userId, update, expected, (authorized) => events.faceLoginChanged(at, userId, authorized));
  if (!result) throw new HttpError(404, 'USER_NOT_FOUND', 'No user has this id.');
  if (result.applied) deps.webhooks.dispatcher.notify();
  return result;
}

/** Face login on (the user is ACCEPTED) or off (the state follows the selfies again). */
export async function setFaceLogin(deps: AppDeps, userId: string, enabled: boolean, by: ChangedBy = {}): Promise<void> {
  await apply(deps, userId, { authorized: enabled, rejected: false }, by);
}

/** Records who made a change of the selfies (void), which moves the state with them. */
export async function recordChange(deps: AppDeps, userId: string, by: ChangedBy): Promise<void> {
  await apply(deps, userId, {}, by);
}

/**
 * PATCH /user/state. ACCEPTED enables face login, REJECTED disables it and
 * keeps the user rejected; the other states disable it and must be the one
 * the selfies give (TO_REVIEW: a valid selfie; IN_PROGRESS: voided ones only;
 * NOT_STARTED: none), or nothing changes and the answer is 409.
 */
export async function setUserState(deps: AppDeps, userId: string, state: UserState, by: ChangedBy): Promise<void> {
  if (state === 'ACCEPTED' || state === 'REJECTED') {
    await apply(deps, userId, { authorized: state === 'ACCEPTED', rejected: state === 'REJECTED' }, by);
    return;
  }
  const result = await apply(deps, userId, { authorized: false, rejected: false }, by, state);
  if (!result.applied) {
    throw new HttpError(409, 'STATE_CONFLICT', `The user's selfies make the state ${result.state}, not ${state}: ${state} needs ${NEEDS[state]}.`, {
      details: { state: result.state },
    });
  }
}

const NEEDS: Record<'NOT_STARTED' | 'IN_PROGRESS' | 'TO_REVIEW', string> = {
  NOT_STARTED: 'a user without selfies',
  IN_PROGRESS: 'voided selfies and no valid one',
  TO_REVIEW: 'a valid selfie',
};

export async function getUserState(deps: AppDeps, userId: string): Promise<UserState> {
  const row = await deps.store.getUserStatus(userId);
  if (!row) throw new HttpError(404, 'USER_NOT_FOUND', 'No user has this id.');
  return row.userState;
}

export async function usersStats(deps: AppDeps) {
  const s = await deps.store.usersStats();
  return {
    total: s.total,
    authorized: s.authorized,
    with_selfie: s.withSelfie,
    with_valid_selfie: s.withValidSelfie,
    states: s.byState,
  };
}
