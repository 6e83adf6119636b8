import type { ChangedBy, OnboardingClient } from '@alice-face/onboarding-client';
import type { AuditEntry, DecisionAction } from './api-types.js';
import { HttpError, toHttpError } from '@alice-face/http-common';
import { describeFailure, fromOnboardingError } from './onboarding-errors.js';
import type { AuditLog } from './store/audit-log.js';

export interface Decision {
  action: DecisionAction;
  userId: string;
  reason?: string | undefined;
  confirmEmail?: string | undefined;
}

/**
 * Carries out a reviewer's decision on the onboarding server and records it.
 * Every attempt that reaches the onboarding server is audited, failed ones
 * too, so the log shows what was tried, not only what worked.
 */
export class DecisionService {
  constructor(
    private readonly client: OnboardingClient,
    private readonly audit: AuditLog,
  ) {}

  async decide(reviewerEmail: string, d: Decision): Promise<AuditEntry> {
    const entry = { reviewer_email: reviewerEmail, action: d.action, user_id: d.userId, user_email: null as string | null, reason: d.reason?.trim() || null };
    try {
      entry.user_email = (await this.client.getUserStatus(d.userId)).email;
      if (d.action === 'delete_user') this.checkConfirmation(d, entry.user_email);
      // The reviewer and the reason go with the change: the user state records who decided and why.
      await this.run(d.action, d.userId, { operator: reviewerEmail, ...(entry.reason ? { updateReasons: [{ reason: entry.reason }] } : {}) });
    } catch (err) {
      if (err instanceof HttpError && err.code === 'CONFIRMATION_MISMATCH') throw err;
      const failure = describeFailure(err);
      const failed = this.audit.append({ ...entry, outcome: 'failure', error_code: failure.code, error_message: failure.message });
      const httpError = toHttpError(err, fromOnboardingError);
      const details = { ...(httpError.details as Record<string, unknown> | undefined), audit_id: failed.id };
      throw new HttpError(httpError.status, httpError.code, httpError.message, { details, headers: httpError.headers, cause: err });
    }
    return this.audit.append({ ...entry, outcome: 'success', error_code: null, error_message: null });
  }

  /** Deleting is irreversible: the reviewer types the user's email (or the id when there is none). */
  private checkConfirmation(d: Decision, email: string | null): void {
    const expected = (email ?? d.userId).trim().toLowerCase();
    if ((d.confirmEmail ?? '').trim().toLowerCase() !== expected) {
      throw new HttpError(400, 'CONFIRMATION_MISMATCH', 'Type the user\u2019s email exactly to confirm the deletion.');
    }
  }

  private run(action: DecisionAction, userId: string, by: ChangedBy): Promise<void> {
    switch (action) {
      case 'authorize':
        return this.client.enableAuthentication(userId, by);
      case 'revoke':
        return this.client.disableAuthentication(userId, by);
      case 'void_selfie':
        return this.client.voidSelfie(userId, by);
      case 'delete_user':
        return this.client.deleteUser(userId);
    }
  }
}
