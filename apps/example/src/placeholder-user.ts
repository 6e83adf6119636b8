// The onboarding user a login goes to when its email has no account: one
// user, created on first need, never enrolled nor approved, its id kept in the
// settings table. A login for an unknown email then makes the same calls to
// the Onboarding API as any other (a challenge, an upload the API refuses)
// and fails the same way, so the login reveals nothing about the email. It
// shows in the admin's user list as "Placeholder (example app)".
import { OnboardingApiError, type OnboardingClient } from '@alice-face/onboarding-client';
import type { Db } from './database.js';

const KEY = 'placeholder_onboarding_user_id';

export class PlaceholderUser {
  #creating: Promise<string> | undefined;

  constructor(
    private readonly db: Db,
    private readonly client: OnboardingClient,
  ) {}

  /** The placeholder's onboarding user id (created once; concurrent first calls share one creation). */
  async id(): Promise<string> {
    const kept = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
    if (kept) return kept;
    this.#creating ??= this.#create().finally(() => (this.#creating = undefined));
    return this.#creating;
  }

  /** Runs `call` with the placeholder's id; once more with a new placeholder if the API no longer knows it (a reviewer deleted it). */
  async with<T>(call: (userId: string) => Promise<T>): Promise<T> {
    const userId = await this.id();
    try {
      return await call(userId);
    } catch (err) {
      if (!(err instanceof OnboardingApiError && err.code === 'USER_NOT_FOUND')) throw err;
      this.db.prepare('DELETE FROM settings WHERE key = ? AND value = ?').run(KEY, userId);
      return call(await this.id());
    }
  }

  async #create(): Promise<string> {
    const userId = await this.client.createUser({ firstName: 'Placeholder', lastName: '(example app: logins of unknown emails)' });
    this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(KEY, userId);
    return this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string;
  }
}
