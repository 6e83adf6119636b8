// express-session store on the app's own SQLite file, so sessions survive a
// restart without another service. Expired rows are ignored on read and
// pruned on a timer. The admin dashboard and the example app both use it.
import session from 'express-session';
import type { SessionData } from 'express-session';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The table the store reads and writes; the app creates it in its own
 * migrations (the store never changes a schema it does not own).
 */
export const SESSIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS sessions (
  sid TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions (expires_at);`;

/** What the store needs of a database connection: better-sqlite3's `Database` has it. */
export interface SessionDb {
  prepare(sql: string): {
    get(...params: unknown[]): unknown;
    run(...params: unknown[]): { changes: number | bigint };
  };
}

export interface SqliteSessionStoreOptions {
  /** Lifetime of a session whose cookie has no expiry, in ms (default one day). */
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
    private readonly db: SessionDb,
    options: SqliteSessionStoreOptions = {},
  ) {
    super();
    this.ttl = options.defaultTtlMs ?? DAY_MS;
    this.now = options.now ?? Date.now;
    const every = options.pruneIntervalMs ?? 5 * 60 * 1000;
    if (every > 0) {
      this.timer = setInterval(() => {
        try {
          this.prune();
        } catch {
          // A closed or busy database: the next round (or a read, which skips expired rows) covers it.
        }
      }, every);
      this.timer.unref();
    }
  }

  private expiry(sess: SessionData): number {
    const expires = sess.cookie?.expires;
    return expires ? new Date(expires).getTime() : this.now() + this.ttl;
  }

  override get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    let found: SessionData | null;
    try {
      const row = this.db.prepare('SELECT data, expires_at FROM sessions WHERE sid = ?').get(sid) as
        | { data: string; expires_at: number }
        | undefined;
      found = !row || row.expires_at <= this.now() ? null : (JSON.parse(row.data) as SessionData);
    } catch (err) {
      return cb(err);
    }
    cb(null, found);
  }

  override set(sid: string, sess: SessionData, cb?: (err?: unknown) => void): void {
    try {
      this.db
        .prepare(
          `INSERT INTO sessions (sid, data, expires_at) VALUES (?, ?, ?)
           ON CONFLICT(sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
        )
        .run(sid, JSON.stringify(sess), this.expiry(sess));
    } catch (err) {
      return cb?.(err);
    }
    cb?.();
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    try {
      this.db.prepare('DELETE FROM sessions WHERE sid = ?').run(sid);
    } catch (err) {
      return cb?.(err);
    }
    cb?.();
  }

  override touch(sid: string, sess: SessionData, cb?: () => void): void {
    try {
      this.db.prepare('UPDATE sessions SET expires_at = ? WHERE sid = ?').run(this.expiry(sess), sid);
    } catch {
      // A failed touch only shortens the session; the next set() rewrites it.
    }
    cb?.();
  }

  /** Removes every session (express-session's optional Store#clear). */
  override clear(cb?: (err?: unknown) => void): void {
    try {
      this.db.prepare('DELETE FROM sessions').run();
    } catch (err) {
      return cb?.(err);
    }
    cb?.();
  }

  /** Deletes expired sessions; returns how many. */
  prune(): number {
    return Number(this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.now()).changes);
  }

  /** Stops the prune timer (the database stays open: it is the app's). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
