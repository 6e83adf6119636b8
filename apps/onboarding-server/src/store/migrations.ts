// Schema migrations, applied in order and recorded in schema_migrations, by
// both stores: plain SQL that SQLite and PostgreSQL accept, with the column
// types mapped for PostgreSQL in one place (postgres-migrate.ts: BLOB →
// BYTEA, REAL → DOUBLE PRECISION, TEXT compared byte-wise like SQLite's).
// Append new versions, never edit old ones.
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
  {
    version: 7,
    name: 'authentication attempts in flight',
    sql: `
      CREATE TABLE authentication_attempts (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        started_at TEXT NOT NULL,
        client_key TEXT NOT NULL
      );
      CREATE INDEX authentication_attempts_user ON authentication_attempts (user_id, started_at);
    `,
  },
  {
    // Retention and audit: a media row stays when its file is destroyed (the
    // authentication or selfie keeps its scores), with the time it went;
    // selfies keep when they were voided (the retention clock of a voided
    // selfie; rows voided before this migration count from their creation);
    // every media download is recorded with who made it.
    version: 8,
    name: 'retention and media access',
    sql: `
      ALTER TABLE media ADD COLUMN destroyed_at TEXT;
      ALTER TABLE selfies ADD COLUMN voided_at TEXT;
      UPDATE selfies SET voided_at = created_at WHERE voided = 1;
      CREATE INDEX media_kind_created ON media (kind, created_at);
      CREATE INDEX selfies_voided_at ON selfies (voided_at);
      CREATE INDEX challenges_expires_at ON challenges (expires_at);
      CREATE TABLE media_access (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        user_id TEXT NOT NULL,
        media_id TEXT NOT NULL,
        media_kind TEXT NOT NULL,
        token_kind TEXT NOT NULL,
        api_key_id TEXT
      );
      CREATE INDEX media_access_at ON media_access (at);
      CREATE INDEX media_access_user ON media_access (user_id, at);
    `,
  },
];
