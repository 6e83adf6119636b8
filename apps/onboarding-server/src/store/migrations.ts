// Schema migrations, applied in order and recorded in schema_migrations.
// Plain SQL that PostgreSQL also accepts (BLOB → BYTEA is the one rename a
// PostgreSQL driver would make); append new versions, never edit old ones.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        prefix TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT,
        first_name TEXT,
        last_name TEXT,
        created_at TEXT NOT NULL,
        authorized INTEGER NOT NULL DEFAULT 0,
        report_id TEXT NOT NULL
      );
      CREATE INDEX users_created_at ON users (created_at);
      CREATE INDEX users_email ON users (email);
      CREATE TABLE media (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        content_type TEXT NOT NULL,
        extension TEXT NOT NULL,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX media_user ON media (user_id);
      CREATE TABLE selfies (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        liveness REAL,
        voided INTEGER NOT NULL DEFAULT 0,
        number_of_faces INTEGER NOT NULL,
        checks TEXT NOT NULL,
        template BLOB NOT NULL,
        cropped_face_media_id TEXT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
        challenge_id TEXT
      );
      CREATE INDEX selfies_user ON selfies (user_id, created_at);
      CREATE TABLE authentications (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        face_liveness REAL,
        face_matching REAL,
        passed INTEGER NOT NULL,
        checks TEXT NOT NULL,
        video_media_id TEXT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
        challenge_id TEXT
      );
      CREATE INDEX authentications_user ON authentications (user_id, created_at);
    `,
  },
  {
    version: 2,
    name: 'challenges',
    sql: `
      CREATE TABLE challenges (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        steps TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );
      CREATE INDEX challenges_user ON challenges (user_id, created_at);
    `,
  },
  {
    version: 3,
    name: 'challenge results',
    sql: `
      ALTER TABLE selfies ADD COLUMN challenge_result TEXT;
      ALTER TABLE authentications ADD COLUMN challenge_result TEXT;
    `,
  },
  {
    version: 4,
    name: 'user state and device',
    sql: `
      ALTER TABLE users ADD COLUMN device_platform TEXT;
      ALTER TABLE users ADD COLUMN device_platform_version TEXT;
      ALTER TABLE users ADD COLUMN device_model TEXT;
      ALTER TABLE users ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN state_operator TEXT;
      ALTER TABLE users ADD COLUMN state_update_reasons TEXT;
      ALTER TABLE users ADD COLUMN state_updated_at TEXT;
      `,
  },
  {
    // Selfies stored before it hold version-1 templates (dlib alone): they
    // stay readable but are never compared with newer ones (re-enrolment).
    version: 5,
    name: 'template versions',
    sql: `
      ALTER TABLE selfies ADD COLUMN template_version INTEGER NOT NULL DEFAULT 1;
      `,
  },
  {
    version: 6,
    name: 'client of an authentication',
    // A keyed hash of the end client's address (never the address): the failure limit counts per client.
    sql: `
      ALTER TABLE authentications ADD COLUMN client_key TEXT;
    `,
  },
];
