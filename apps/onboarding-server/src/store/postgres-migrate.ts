// Applies the shared migrations (migrations.ts) to PostgreSQL, each in its own
// transaction, under an advisory lock: instances starting together take turns,
// and the ones after the first find nothing left to do. Column types are
// mapped here, once: BLOB → BYTEA, REAL → DOUBLE PRECISION (PostgreSQL's REAL
// is 4 bytes; SQLite's is 8), and TEXT → TEXT COLLATE "C", so comparisons and
// ORDER BY are byte-wise as in SQLite whatever the database's locale.
import type pg from 'pg';
import { MIGRATIONS, type Migration } from './migrations.js';

/** Any fixed 64-bit number; one per application sharing a database. */
const MIGRATION_LOCK = 0x0a11ce_f4ce;

export function postgresDialect(sql: string): string {
  return sql
    .replace(/\bBLOB\b/g, 'BYTEA')
    .replace(/\bREAL\b/g, 'DOUBLE PRECISION')
    .replace(/\bTEXT\b/g, 'TEXT COLLATE "C"');
}

/** Applies the pending migrations; returns the versions applied now. */
export async function migratePostgres(pool: pg.Pool, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(postgresDialect(m.sql));
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
  return applied;
}
