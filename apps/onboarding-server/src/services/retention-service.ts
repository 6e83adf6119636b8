// The retention schedule: how long authentication videos, voided selfies
// (crop and template) and challenges are kept, when each item's media will
// be destroyed, and the sweep that destroys what is due. Scores, checks and
// decisions stay: only the biometric media and templates go.
import type { Logger } from 'pino';
import type { AppDeps } from '../deps.js';
import type { RetentionResult } from '../store/store.js';

export interface RetentionPolicy {
  /** Days an authentication's video is kept after the authentication. */
  authenticationVideoDays: number;
  /** Days a voided selfie's crop and template are kept after it was voided. */
  voidedSelfieDays: number;
  /** Days a challenge is kept after it expired (it can no longer be used, only refused as expired). */
  challengeDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { authenticationVideoDays: 30, voidedSelfieDays: 30, challengeDays: 1 };

const DAY_MS = 24 * 60 * 60 * 1000;
const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();
const minusDays = (nowMs: number, days: number) => new Date(nowMs - days * DAY_MS).toISOString();

/** When an authentication's video is (or was) due for destruction. */
export function videoExpiresAt(createdAt: string, policy: RetentionPolicy): string {
  return plusDays(createdAt, policy.authenticationVideoDays);
}

/** When a selfie's crop and template are due: never while it is valid (the enrollment's reference). */
export function selfieExpiresAt(voidedAt: string | null, policy: RetentionPolicy): string | null {
  return voidedAt === null ? null : plusDays(voidedAt, policy.voidedSelfieDays);
}

/** The schedule as the API publishes it (GET /retention, the export). */
export function retentionView(policy: RetentionPolicy) {
  return {
    authentication_video_days: policy.authenticationVideoDays,
    voided_selfie_days: policy.voidedSelfieDays,
    challenge_days: policy.challengeDays,
    valid_selfies: 'kept while the selfie is valid (until voided, deleted, or the user is deleted)',
  };
}

/**
 * One pass: everything whose age reached its retention (created, voided or
 * expired at or before now minus the age) is destroyed. Rows first, in one
 * transaction, then files; then the database's files are purged. A crash in
 * between leaves only files no row names, which the start-up sweep removes.
 */
export async function sweepRetention(deps: Pick<AppDeps, 'store' | 'media' | 'now' | 'retention'>): Promise<RetentionResult> {
  const now = deps.now();
  const p = deps.retention;
  const result = await deps.store.applyRetention(
    {
      authenticationVideos: minusDays(now, p.authenticationVideoDays),
      voidedSelfies: minusDays(now, p.voidedSelfieDays),
      challenges: minusDays(now, p.challengeDays),
    },
    new Date(now).toISOString(),
  );
  await deps.media.remove(result.mediaIds);
  if (result.mediaIds.length > 0 || result.selfies > 0 || result.challenges > 0) await deps.store.purgeDeleted();
  return result;
}

/**
 * Runs the sweep now and then every `intervalMs` (unref'd: it never keeps the
 * process alive). stop() cancels the timer and waits for a pass under way.
 */
export function startRetentionSweeps(deps: Pick<AppDeps, 'store' | 'media' | 'now' | 'retention'>, intervalMs: number, logger: Logger) {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  // Passes never overlap: each waits for the one before it.
  const pass = (): Promise<RetentionResult | undefined> => {
    const next = running.then(async () => {
      if (stopped) return undefined;
      const r = await sweepRetention(deps);
      if (r.mediaIds.length > 0 || r.selfies > 0 || r.challenges > 0) {
        logger.info({ authenticationVideos: r.authenticationVideos, voidedSelfies: r.selfies, challenges: r.challenges }, 'Retention sweep destroyed expired media');
      }
      return r;
    });
    running = next.catch(() => undefined);
    return next;
  };
  const scheduled = () =>
    pass().catch((err: unknown) => logger.error({ err }, 'Retention sweep failed; it runs again at the next interval'));
  void scheduled();
  const timer = setInterval(() => void scheduled(), intervalMs);
  timer.unref();
  return {
    /** Runs one pass after any under way; undefined once stopped. */
    runNow: pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
