import type { AuditAction, QueueState } from '../../server/api-types.js';

export const STATE_LABELS: Record<QueueState, string> = {
  awaiting: 'Awaiting review',
  authorized: 'Authorized',
  voided: 'Voided',
  no_selfie: 'No selfie',
  all: 'All',
};

export const ACTION_LABELS: Record<AuditAction, string> = {
  authorize: 'Authorize',
  revoke: 'Revoke',
  void_selfie: 'Void selfie',
  delete_user: 'Delete user',
  view_media: 'View media',
};

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatScore(score: number | null): string {
  return score === null ? 'n/a' : score.toFixed(1);
}

/** The user's state in words, as the queue filter names it. */
export function describeState(state: 'NO_SELFIE' | 'SELFIE_VALID' | 'SELFIE_VOIDED', authorized: boolean, userState?: string): string {
  if (userState === 'REJECTED') return 'Rejected';
  if (authorized) return state === 'SELFIE_VALID' ? 'Authorized' : `Authorized (${state === 'NO_SELFIE' ? 'no selfie' : 'selfie voided'})`;
  if (state === 'SELFIE_VALID') return 'Awaiting review';
  return state === 'SELFIE_VOIDED' ? 'Voided' : 'No selfie';
}
