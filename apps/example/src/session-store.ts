// A small persistent express-session store on the app's SQLite file, so
// sessions survive a restart. Expired rows are ignored on read and pruned
// every few minutes.
import session from 'express-session';
import type { SessionData } from 'express-session';
import type { Db } from './database.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SqliteSessionStoreOptions {
  /** Lifetime of a session without a cookie expiry, in ms (default one day). */
  defaultTtlMs?: number;
  /** How often expired sessions are deleted, in ms (default five minutes; 0 disables). */
  pruneIntervalMs?: number;
  now?: () => number;
}

export class SqliteSessionStore extends session.Store {
  private readonly ttl: number;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    options: SqliteSessionStoreOptions = {},
  ) {
    super();
    this.ttl = options.defaultTtlMs ?? DAY_MS;
    this.now = options.now ?? Date.now;
    const every = options.pruneIntervalMs ?? 5 * 60 * 1000;
    if (every > 0) {
      this.timer = setInterval(() => this.prune(), every);
      this.timer.unref();
    }
  }

  private expiry(sess: SessionData): number {
    const expires = sess.cookie?.expires;
    return expires ? new Date(expires).getTime() : this.now() + this.ttl;
  }

  override get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    try {
      const row = this.db
        .prepare('SELECT data, expires_at FROM sessions WHERE sid = ?')
        .get(sid) as { data: string; expires_at: number } | undefined;
      if (!row || row.expires_at <= this.now()) return cb(null, null);
      cb(null, JSON.parse(row.data) as SessionData);
    } catch (err) {
      cb(err);
    }
  }

  override set(sid: string, sess: SessionData, cb?: (err?: unknown) => void): void {
    try {
      this.db
        .prepare(
          `INSERT INTO sessions (sid, data, expires_at) VALUES (?, ?, ?)
           ON CONFLICT(sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
        )
        .run(sid, JSON.stringify(sess), this.expiry(sess));
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    try {
      this.db.prepare('DELETE FROM sessions WHERE sid = ?').run(sid);
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  override touch(sid: string, sess: SessionData, cb?: () => void): void {
    try {
      this.db.prepare('UPDATE sessions SET expires_at = ? WHERE sid = ?').run(this.expiry(sess), sid);
    } catch {
      // A failed touch only shortens the session; the next set() rewrites it.
    }
    cb?.();
  }

  /** Deletes expired sessions; returns how many. */
  prune(): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.now()).changes;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
