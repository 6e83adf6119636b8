import type { Db } from './db.js';
import { dummyHash, hashPassword, verifyPassword } from './passwords.js';

export interface Reviewer {
  id: number;
  email: string;
  created_at: string;
}

export interface LockoutPolicy {
  /** Consecutive failed sign-ins that lock an account. */
  maxFailures: number;
  /** How long a locked account stays locked, ms. */
  lockMs: number;
}

export type SignInResult =
  | { ok: true; reviewer: Reviewer }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterMs: number };

interface Row extends Reviewer {
  password_hash: string;
  failed_attempts: number;
  locked_until: number | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 10;

/** Reviewer accounts: scrypt-hashed passwords, and a lockout after repeated failures. */
export class ReviewerStore {
  constructor(
    private readonly db: Db,
    private readonly policy: LockoutPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM reviewers').get() as { n: number }).n;
  }

  find(email: string): Reviewer | undefined {
    return this.db.prepare('SELECT id, email, created_at FROM reviewers WHERE email = ?').get(email) as Reviewer | undefined;
  }

  byId(id: number): Reviewer | undefined {
    return this.db.prepare('SELECT id, email, created_at FROM reviewers WHERE id = ?').get(id) as Reviewer | undefined;
  }

  /** Adds a reviewer, or sets a new password when the email exists (the CLI's way to reset one). */
  async upsert(email: string, password: string): Promise<Reviewer> {
    if (!EMAIL.test(email)) throw new TypeError(`Reviewer email is not valid: "${email}".`);
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new TypeError(`Reviewer password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
    }
    const hash = await hashPassword(password);
    this.db
      .prepare(
        `INSERT INTO reviewers (email, password_hash, created_at) VALUES (?, ?, ?)
         ON CONFLICT(email) DO UPDATE SET password_hash = excluded.password_hash, failed_attempts = 0, locked_until = NULL`,
      )
      .run(email, hash, new Date(this.now()).toISOString());
    return this.find(email)!;
  }

  async signIn(email: string, password: string): Promise<SignInResult> {
    const row = this.db.prepare('SELECT * FROM reviewers WHERE email = ?').get(email) as Row | undefined;
    if (!row) {
      await verifyPassword(password, await dummyHash());
      return { ok: false, reason: 'invalid' };
    }
    const now = this.now();
    if (row.locked_until !== null && row.locked_until > now) {
      return { ok: false, reason: 'locked', retryAfterMs: row.locked_until - now };
    }
    if (await verifyPassword(password, row.password_hash)) {
      this.db.prepare('UPDATE reviewers SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id);
      return { ok: true, reviewer: { id: row.id, email: row.email, created_at: row.created_at } };
    }
    // A lock that has run out starts a fresh count.
    const failures = (row.locked_until !== null ? 0 : row.failed_attempts) + 1;
    const lockedUntil = failures >= this.policy.maxFailures ? now + this.policy.lockMs : null;
    this.db
      .prepare('UPDATE reviewers SET failed_attempts = ?, locked_until = ? WHERE id = ?')
      .run(lockedUntil === null ? failures : 0, lockedUntil, row.id);
    if (lockedUntil !== null) return { ok: false, reason: 'locked', retryAfterMs: this.policy.lockMs };
    return { ok: false, reason: 'invalid' };
  }
}
