// The strategy's replay store on the app's SQLite file: an authentication id
// is accepted once, also across restarts and across processes sharing the
// file. The primary key makes `claim` atomic: a second insert changes nothing.
import type { ReplayStore } from 'passport-alice-face';
import type { Db } from './database.js';

export class SqliteReplayStore implements ReplayStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(id: string, ttlSeconds: number): Promise<boolean> {
    const now = this.now();
    this.db.prepare('DELETE FROM used_authentications WHERE expires_at <= ?').run(now);
    const result = this.db
      .prepare('INSERT OR IGNORE INTO used_authentications (authentication_id, expires_at) VALUES (?, ?)')
      .run(id, now + ttlSeconds * 1000);
    return result.changes === 1;
  }
}
