import session from 'express-session';
import type { SessionData } from 'express-session';
import type { Db } from './db.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * express-session store on the admin's SQLite file, so sessions survive a
 * restart without another service. Expired rows are skipped on read and
 * swept at most once a minute on write.
 */
export class SqliteSessionStore extends session.Store {
  private lastSweep = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    try {
      const row = this.db.prepare('SELECT data, expires_at FROM sessions WHERE sid = ?').get(sid) as
        | { data: string; expires_at: number }
        | undefined;
      if (!row || row.expires_at <= this.now()) return callback(null, null);
      callback(null, JSON.parse(row.data) as SessionData);
    } catch (err) {
      callback(err);
    }
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    try {
      this.db
        .prepare('INSERT INTO sessions (sid, data, expires_at) VALUES (?, ?, ?) ON CONFLICT(sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at')
        .run(sid, JSON.stringify(data), this.expiry(data));
      this.sweep();
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    try {
      this.db.prepare('DELETE FROM sessions WHERE sid = ?').run(sid);
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  override touch(sid: string, data: SessionData, callback?: () => void): void {
    this.db.prepare('UPDATE sessions SET expires_at = ? WHERE sid = ?').run(this.expiry(data), sid);
    callback?.();
  }

  /** Removes every session (express-session's optional Store#clear). */
  override clear(callback?: (err?: unknown) => void): void {
    this.db.prepare('DELETE FROM sessions').run();
    callback?.();
  }

  private expiry(data: SessionData): number {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires).getTime() : this.now() + DAY_MS;
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  }
}
