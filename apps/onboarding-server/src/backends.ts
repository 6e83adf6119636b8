// The data systems an instance runs on: the store (SQLite in the data dir, or
// PostgreSQL), the media store (the data dir, a folder, or S3) and Redis for
// the shared per-address limits (or memory). Shared means other instances may
// write the same store, which changes what the start-up sweep may remove.
import { join } from 'node:path';
import { connectRedis, type RedisConnection } from '@alice-face/redis-connection';
import type { Logger } from 'pino';
import type { MediaStore } from './media/media-store.js';
import { openMediaStore } from './media/open-media-store.js';
import type { S3Settings } from './media/s3-media-store.js';
import { PostgresStore } from './store/postgres-store.js';
import { SqliteStore } from './store/sqlite-store.js';
import type { Store } from './store/store.js';

export interface BackendOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  mediaUrl?: string | undefined;
  s3?: S3Settings | undefined;
  redisUrl?: string | undefined;
}

export interface Backends {
  store: Store;
  media: MediaStore;
  redis: RedisConnection | undefined;
  /** Another instance may write the same database or media store. */
  shared: boolean;
  close(): Promise<void>;
}

/** Opens the store (applying migrations), the media store and Redis; closes what opened if one fails. */
export async function openBackends(o: BackendOptions, logger: Logger): Promise<Backends> {
  const opened: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of opened.reverse()) await c().catch(() => {});
  };
  try {
    const store: Store = o.databaseUrl ? await PostgresStore.open(o.databaseUrl) : new SqliteStore(join(o.dataDir, 'onboarding.sqlite'));
    opened.push(() => store.close());
    const media = openMediaStore(o.dataDir, o.mediaUrl, o.s3);
    opened.push(() => media.close());
    const redis = o.redisUrl ? await connectRedis(o.redisUrl, { onError: (err) => logger.error({ err: err.message }, 'Redis connection error') }) : undefined;
    if (redis) opened.push(async () => redis.destroy());
    return { store, media, redis, shared: Boolean(o.databaseUrl || o.mediaUrl), close };
  } catch (err) {
    await close();
    throw err;
  }
}
