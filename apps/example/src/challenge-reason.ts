// Why a login's active-liveness challenge failed, in words a person
// understands. The strategy only says LIVENESS_TOO_LOW (a failed challenge
// caps face_liveness below 50); the authentication's `challenge` check says
// which step was missed. Its detail is "<reason sentence> <per-step list>.";
// the first sentence is written for the person ("Step 1 (turn your head
// left) was not seen.").
import type { Check } from '@alice-face/onboarding-client';

export function challengeFailureReason(checks: readonly Check[] | undefined): string | undefined {
  const check = checks?.find((c) => c.key === 'challenge');
  if (!check || check.value === 100) return undefined;
  // A sentence ends at a full stop followed by a space or the end ("2.3 s" has none).
  const first = /^(.+?\.)(?:\s|$)/.exec(check.detail.trim());
  return first?.[1];
}
