// Why a login's active-liveness challenge failed, in words a person
// understands. The strategy only says LIVENESS_TOO_LOW (a failed challenge
// caps face_liveness below 50); the authentication's structured `challenge`
// result (self-hosted server) carries the engine's sentence for the person
// ("Step 1 (turn your head left) was not seen.").
import type { Authentication } from '@alice-face/onboarding-client';

export function challengeFailureReason(auth: Pick<Authentication, 'challenge'> | undefined): string | undefined {
  const challenge = auth?.challenge;
  if (!challenge || challenge.passed) return undefined;
  return challenge.reason || undefined;
}
