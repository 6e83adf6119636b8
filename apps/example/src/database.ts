// The example app's own SQLite file: the email → onboarding user mapping, the
// sessions, used authentication ids and settings (the placeholder user). Migrations are numbered and tracked in PRAGMA user_version.
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
];

export function openDatabase(dataDir: string): Db {
  privateDir(dataDir); // emails, sessions and the session secret: the owner's only
  privateDatabaseFile(join(dataDir, 'example.sqlite'));
  const db = new Database(join(dataDir, 'example.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}
