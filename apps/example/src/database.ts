// The example app's own SQLite file: the email → onboarding user mapping, the
// sessions, used authentication ids, settings (the placeholder user) and consent records. Migrations are numbered and tracked in PRAGMA user_version.
import { privateDatabaseFile, privateDir } from '@alice-face/private-files';
import Database from 'better-sqlite3';
import { join } from 'node:path';

export type Db = Database.Database;

const MIGRATIONS: string[] = [
  `CREATE TABLE accounts (
     id INTEGER PRIMARY KEY,
     email TEXT NOT NULL UNIQUE,
     onboarding_user_id TEXT NOT NULL UNIQUE,
     created_at TEXT NOT NULL,
     enrolled_at TEXT,
     last_login_at TEXT
   );
   CREATE TABLE sessions (
     sid TEXT PRIMARY KEY,
     data TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX sessions_expires_at ON sessions (expires_at);`,
  `CREATE TABLE used_authentications (
     authentication_id TEXT PRIMARY KEY,
     expires_at INTEGER NOT NULL
   );`,
  `CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );`,
  // Each consent given (text version and the retention it stated) and when it was withdrawn.
  `CREATE TABLE consents (
     id INTEGER PRIMARY KEY,
     account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     version TEXT NOT NULL,
     authentication_video_days INTEGER NOT NULL,
     voided_selfie_days INTEGER NOT NULL,
     given_at TEXT NOT NULL,
     withdrawn_at TEXT
   );
   CREATE INDEX consents_account ON consents (account_id, given_at);`,
];

export function openDatabase(dataDir: string): Db {
  privateDir(dataDir); // emails, sessions and the session secret: the owner's only
  privateDatabaseFile(join(dataDir, 'example.sqlite'));
  const db = new Database(join(dataDir, 'example.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Emails and sessions: deleted rows are zeroed, not left readable in free pages.
  db.pragma('secure_delete = ON');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}
