// Active-liveness challenges: 2-3 steps drawn at random (crypto) for one
// user, valid CHALLENGE_TTL_MS, used once. The clip's time line: a lead-in
// while the person settles (the engine takes the neutral pose from it), then
// one window per step; the capture page prompts each step at its start.
import { randomInt, randomUUID } from 'node:crypto';
// The engine's list of what it can check, from a subpath that loads no models.
import { CHALLENGE_STEP_KINDS, type ChallengeStepKind } from '@alice-face/face-engine/challenge-steps';
import type { AppDeps } from '../deps.js';
import { HttpError } from '@alice-face/http-common';
import type { ChallengeSpec, ChallengeStepWindow } from './face.js';
import { requireUser } from './user-service.js';

export const CHALLENGE_TTL_MS = 60_000;
/** Seconds before the first prompt, per step, and of slack after a window for a slow reaction. */
export const LEAD_IN_SEC = 1.0;
export const STEP_SEC = 2.0;
export const SLACK_SEC = 0.5;

export interface IssuedChallenge {
  challenge_id: string;
  steps: ChallengeStepWindow[];
  expires_at: string;
}

const isStepKind = (kind: string): kind is ChallengeStepKind => (CHALLENGE_STEP_KINDS as readonly string[]).includes(kind);

function draw(fixed: (() => string[] | undefined) | undefined): ChallengeStepKind[] {
  const chosen = fixed?.();
  if (chosen) {
    const unknown = chosen.find((kind) => !isStepKind(kind));
    if (unknown !== undefined) throw new TypeError(`fixedChallengeSteps: "${unknown}" is not a step kind (${CHALLENGE_STEP_KINDS.join(', ')}).`);
    return chosen.filter(isStepKind);
  }
  const pool: ChallengeStepKind[] = [...CHALLENGE_STEP_KINDS];
  const n = randomInt(2, 4); // 2 or 3
  const out: ChallengeStepKind[] = [];
  for (let k = 0; k < n; k++) out.push(pool.splice(randomInt(pool.length), 1)[0]!);
  return out;
}

export async function createChallenge(deps: AppDeps, userId: string): Promise<IssuedChallenge> {
  await requireUser(deps, userId);
  const steps = draw(deps.fixedChallengeSteps).map((kind, k) => ({
    kind,
    start: LEAD_IN_SEC + k * STEP_SEC,
    end: LEAD_IN_SEC + (k + 1) * STEP_SEC + SLACK_SEC,
  }));
  const now = deps.now();
  const row = { id: randomUUID(), userId, steps, createdAt: new Date(now).toISOString(), expiresAt: new Date(now + CHALLENGE_TTL_MS).toISOString(), usedAt: null };
  await deps.store.addChallenge(row);
  return { challenge_id: row.id, steps, expires_at: row.expiresAt };
}

/**
 * The engine's spec for an upload's `challenge_id`, used up now. Another
 * user's id or an unknown one is 404; a second use 409; an expired one is
 * analysed as failed (face_liveness capped), as the person did try.
 */
export async function useChallenge(deps: AppDeps, userId: string, id: string | undefined, required: boolean): Promise<ChallengeSpec | undefined> {
  if (id === undefined || id === '') {
    if (required) throw new HttpError(400, 'CHALLENGE_REQUIRED', 'This server requires a challenge: get one with POST /user/challenge and send its challenge_id.', { details: { field: 'challenge_id' } });
    return undefined;
  }
  const now = new Date(deps.now());
  const row = await deps.store.takeChallenge(userId, id, now.toISOString());
  if (!row) throw new HttpError(404, 'CHALLENGE_NOT_FOUND', 'No challenge of this user has this id.');
  if (row.usedAt) throw new HttpError(409, 'CHALLENGE_USED', 'This challenge was already used: get a new one.');
  return Date.parse(row.expiresAt) < now.getTime() ? { steps: row.steps, expired: true } : { steps: row.steps };
}
