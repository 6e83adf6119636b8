// Accounts of the example app: the email a person signed up with and the
// onboarding user that holds their face. Emails are compared lower-cased.
import type { Db } from './database.js';

export interface Account {
  id: number;
  email: string;
  onboardingUserId: string;
  createdAt: string;
  enrolledAt: string | null;
  lastLoginAt: string | null;
}

interface Row {
  id: number;
  email: string;
  onboarding_user_id: string;
  created_at: string;
  enrolled_at: string | null;
  last_login_at: string | null;
}

const toAccount = (r: Row): Account => ({
  id: r.id,
  email: r.email,
  onboardingUserId: r.onboarding_user_id,
  createdAt: r.created_at,
  enrolledAt: r.enrolled_at,
  lastLoginAt: r.last_login_at,
});

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class Accounts {
  constructor(private readonly db: Db) {}

  byEmail(email: string): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE email = ?').get(normalizeEmail(email)) as Row | undefined;
    return row && toAccount(row);
  }

  byId(id: number): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as Row | undefined;
    return row && toAccount(row);
  }

  byOnboardingUserId(userId: string): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE onboarding_user_id = ?').get(userId) as Row | undefined;
    return row && toAccount(row);
  }

  create(email: string, onboardingUserId: string): Account {
    const now = new Date().toISOString();
    const info = this.db
      .prepare('INSERT INTO accounts (email, onboarding_user_id, created_at) VALUES (?, ?, ?)')
      .run(normalizeEmail(email), onboardingUserId, now);
    return this.byId(Number(info.lastInsertRowid)) as Account;
  }

  markEnrolled(id: number): void {
    this.db.prepare('UPDATE accounts SET enrolled_at = ? WHERE id = ?').run(new Date().toISOString(), id);
  }

  /** After a withdrawal of consent: the face enrolled is gone. */
  clearEnrolled(id: number): void {
    this.db.prepare('UPDATE accounts SET enrolled_at = NULL WHERE id = ?').run(id);
  }

  markLoggedIn(id: number): void {
    this.db.prepare('UPDATE accounts SET last_login_at = ? WHERE id = ?').run(new Date().toISOString(), id);
  }
}
