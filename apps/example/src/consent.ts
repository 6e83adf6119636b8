// Consent to the collection of face data: the version of the text a person
// agreed to and the retention it stated, when, and when it was withdrawn.
// A capture (enrollment or login recording) needs a consent that is current:
// given to this version of the text with the retention in force now.
import type { Db } from './database.js';

/** The version of the consent text (src/views/consent-pages.ts); a new text gets a new version. */
export const CONSENT_VERSION = '1';

/** How long the face service keeps what it collects, in days (its published schedule). */
export interface RetentionTerms {
  authenticationVideoDays: number;
  voidedSelfieDays: number;
}

export interface Consent {
  id: number;
  accountId: number;
  version: string;
  terms: RetentionTerms;
  givenAt: string;
  withdrawnAt: string | null;
}

interface Row {
  id: number;
  account_id: number;
  version: string;
  authentication_video_days: number;
  voided_selfie_days: number;
  given_at: string;
  withdrawn_at: string | null;
}

const toConsent = (r: Row): Consent => ({
  id: r.id,
  accountId: r.account_id,
  version: r.version,
  terms: { authenticationVideoDays: r.authentication_video_days, voidedSelfieDays: r.voided_selfie_days },
  givenAt: r.given_at,
  withdrawnAt: r.withdrawn_at,
});

/** A consent given to this text and these terms, and not withdrawn. */
export function isCurrent(c: Consent | undefined, terms: RetentionTerms): boolean {
  return (
    c !== undefined &&
    c.withdrawnAt === null &&
    c.version === CONSENT_VERSION &&
    c.terms.authenticationVideoDays === terms.authenticationVideoDays &&
    c.terms.voidedSelfieDays === terms.voidedSelfieDays
  );
}

export class Consents {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** The latest consent of the account (withdrawn or not). */
  latest(accountId: number): Consent | undefined {
    const row = this.db.prepare('SELECT * FROM consents WHERE account_id = ? ORDER BY given_at DESC, id DESC LIMIT 1').get(accountId) as Row | undefined;
    return row && toConsent(row);
  }

  /** Every consent of the account, oldest first (for the export). */
  list(accountId: number): Consent[] {
    return (this.db.prepare('SELECT * FROM consents WHERE account_id = ? ORDER BY given_at, id').all(accountId) as Row[]).map(toConsent);
  }

  give(accountId: number, terms: RetentionTerms): Consent {
    const info = this.db
      .prepare('INSERT INTO consents (account_id, version, authentication_video_days, voided_selfie_days, given_at) VALUES (?, ?, ?, ?, ?)')
      .run(accountId, CONSENT_VERSION, terms.authenticationVideoDays, terms.voidedSelfieDays, new Date(this.now()).toISOString());
    return toConsent(this.db.prepare('SELECT * FROM consents WHERE id = ?').get(info.lastInsertRowid) as Row);
  }

  /** Marks every open consent of the account withdrawn now; returns how many. */
  withdraw(accountId: number): number {
    return this.db.prepare('UPDATE consents SET withdrawn_at = ? WHERE account_id = ? AND withdrawn_at IS NULL').run(new Date(this.now()).toISOString(), accountId).changes;
  }
}
