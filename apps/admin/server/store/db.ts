import Database from 'better-sqlite3';
import { privateDatabaseFile, privateDir } from '@alice-face/private-files';
import { join } from 'node:path';
import { SESSIONS_TABLE_SQL } from '@alice-face/sqlite-session-store';

export type Db = Database.Database;

// One file per admin instance. Audit rows are append-only: triggers refuse
// UPDATE and DELETE so not even a bug in the app can rewrite history.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS reviewers (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  created_at TEXT NOT NULL
);
${SESSIONS_TABLE_SQL}
-- Files made before the shared session store named this index differently.
DROP INDEX IF EXISTS sessions_expires;
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  reviewer_email TEXT NOT NULL,
  action TEXT NOT NULL,
  user_id TEXT NOT NULL,
  user_email TEXT,
  media_id TEXT,
  reason TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
  error_code TEXT,
  error_message TEXT
);
CREATE INDEX IF NOT EXISTS audit_user ON audit(user_id);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'Audit entries are immutable'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'Audit entries are immutable'); END;
`;

/** Opens (creating if needed) the admin database in `dataDir`. */
export function openDb(dataDir: string): Db {
  privateDir(dataDir);
  const file = join(dataDir, 'admin.sqlite');
  privateDatabaseFile(file); // password hashes and live sessions: 0600 before SQLite writes a byte
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // Reviewer emails, sessions and users' emails in the audit: deleted rows are zeroed, not left in free pages.
  db.pragma('secure_delete = ON');
  db.exec(SCHEMA);
  // Files made before media views were audited lack the column.
  const columns = (db.prepare('PRAGMA table_info(audit)').all() as Array<{ name: string }>).map((c) => c.name);
  if (!columns.includes('media_id')) db.exec('ALTER TABLE audit ADD COLUMN media_id TEXT');
  return db;
}
