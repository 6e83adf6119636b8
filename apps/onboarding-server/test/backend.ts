// The backend the suite runs on: the vitest project `sqlite` (the embedded
// default: SQLite and media in the data dir, limits in memory) or `postgres`
// (ONBOARDING_TEST_BACKEND=postgres: PostgreSQL, media in an S3 bucket, limits
// in Redis, all started by test-support for the run). Every test server gets
// its own database, bucket and Redis database, remembered by data dir, so a
// server restarted on the same data dir finds its data again.
import { freshDatabase } from '../../../test-support/postgres.js';
import { freshRedisDb } from '../../../test-support/redis.js';
import { freshBucket, S3_TEST_CREDENTIALS, S3_TEST_REGION } from '../../../test-support/s3.js';
import { service } from '../../../test-support/services.js';
import { join } from 'node:path';
import pg from 'pg';
import type { StartOptions } from '../src/index.js';
import type { MediaStore } from '../src/media/media-store.js';
import { openMediaStore } from '../src/media/open-media-store.js';
import type { Migration } from '../src/store/migrations.js';
import { compile } from '../src/store/postgres-params.js';
import { migratePostgres } from '../src/store/postgres-migrate.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { openDatabase } from '../src/store/sqlite-db.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';

export const onPostgres = process.env.ONBOARDING_TEST_BACKEND === 'postgres';

export const TEST_JWT_SECRET = 'a-test-jwt-secret-shared-by-instances';

export type BackendSettings = Pick<StartOptions, 'databaseUrl' | 'mediaUrl' | 's3' | 'redisUrl' | 'jwtSecret'>;

const byDataDir = new Map<string, Promise<BackendSettings>>();

/** Fresh PostgreSQL database, S3 bucket and Redis database (nothing on SQLite). */
export async function freshBackend(): Promise<BackendSettings> {
  if (!onPostgres) return {};
  const endpoint = service('s3Endpoint');
  const [databaseUrl, mediaUrl, redisUrl] = await Promise.all([
    freshDatabase(service('postgresAdminUrl')),
    freshBucket(endpoint),
    freshRedisDb(service('redisUrl')),
  ]);
  return { databaseUrl, mediaUrl, redisUrl, s3: { endpoint, region: S3_TEST_REGION, credentials: S3_TEST_CREDENTIALS }, jwtSecret: TEST_JWT_SECRET };
}

/** The backend of the server(s) on `dataDir`: made on first use, the same afterwards. */
export function backendFor(dataDir: string): Promise<BackendSettings> {
  let settings = byDataDir.get(dataDir);
  if (!settings) byDataDir.set(dataDir, (settings = freshBackend()));
  return settings;
}

/** A second handle on the media store of the server(s) on `dataDir`, to look at what is stored. */
export async function mediaStoreFor(dataDir: string): Promise<MediaStore> {
  const b = await backendFor(dataDir);
  return openMediaStore(dataDir, b.mediaUrl, b.s3);
}

/** The store of the server(s) on `dataDir`, opened directly (migrations applied). */
export async function storeFor(dataDir: string): Promise<Store> {
  const b = await backendFor(dataDir);
  return b.databaseUrl ? PostgresStore.open(b.databaseUrl) : new SqliteStore(join(dataDir, 'onboarding.sqlite'));
}

export interface RawDatabase {
  run(sql: string, ...params: unknown[]): Promise<void>;
  get(sql: string, ...params: unknown[]): Promise<Record<string, unknown> | undefined>;
  close(): Promise<void>;
}

/** Raw SQL on the database of `dataDir` with only the migrations given applied: for migration tests. */
export async function databaseAt(dataDir: string, migrations: Migration[]): Promise<RawDatabase> {
  const b = await backendFor(dataDir);
  if (!b.databaseUrl) {
    const db = openDatabase(join(dataDir, 'onboarding.sqlite'), migrations);
    return {
      run: async (sql: string, ...params: unknown[]) => void db.prepare(sql).run(...params),
      get: async (sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as Record<string, unknown> | undefined,
      close: async () => void db.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: b.databaseUrl, max: 1 });
  await migratePostgres(pool, migrations);
  const query = async (sql: string, params: unknown[]) => (await pool.query(compile(sql).text, params)).rows as Record<string, unknown>[];
  return {
    run: async (sql: string, ...params: unknown[]) => void (await query(sql, params)),
    get: async (sql: string, ...params: unknown[]) => (await query(sql, params))[0],
    close: () => pool.end(),
  };
}
