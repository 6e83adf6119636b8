// Opens the SQLite file (WAL, foreign keys, busy timeout, secure delete) and
// applies the pending migrations in one transaction each.
import { privateDatabaseFile } from '@alice-face/private-files';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

export function openDatabase(file: string, migrations: Migration[] = MIGRATIONS): Db {
  privateDatabaseFile(file); // 0600 before SQLite writes a byte (its -wal and -shm follow)
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros, not left in free pages: a user's
  // deletion must leave no email or template bytes in the file (purgeDeleted
  // then clears the write-ahead log). Per connection, so set at every open.
  db.pragma('secure_delete = ON');
  migrate(db, migrations);
  return db;
}

function migrate(db: Db, migrations: Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
}

/**
 * Copies the write-ahead log into the database and truncates it to zero bytes,
 * so no frame holding deleted content stays in the -wal file. Busy (a reader
 * on an old snapshot) is retried a few times; still busy is an error.
 */
export function checkpointTruncate(db: Db): void {
  for (let attempt = 0; ; attempt++) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    if (!result || result.busy === 0) return;
    if (attempt >= 4) throw new Error('The SQLite write-ahead log could not be checkpointed: a reader kept it busy.');
  }
}
