// Which test services this machine has (PostgreSQL, Redis, the S3 server
// from npm), and the URLs a vitest globalSetup started them on. Without a
// server binary, outside CI, the tests that need it are skipped with one line
// saying how to get it; under CI=true a missing server is an error, so CI
// never passes without running them.
import { inject } from 'vitest';
import { postgresBin } from './postgres.js';
import { redisBin } from './redis.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string | undefined;
    redisUrl: string | undefined;
    s3Endpoint: string | undefined;
  }
}

export type ServiceName = 'postgres' | 'redis';

const HOW: Record<ServiceName, string> = {
  postgres: 'apt-get install -y postgresql (or set PG_BIN)',
  redis: 'apt-get install -y redis-server',
};

const warned = new Set<string>();

/**
 * True when every named server binary is here. Otherwise: under CI=true
 * throws; elsewhere prints one line (once per process) and returns false.
 */
export function haveServices(names: ServiceName[], what: string): boolean {
  const missing = names.filter((n) => (n === 'postgres' ? !postgresBin() : !redisBin()));
  if (missing.length === 0) return true;
  const message = `${what}: ${missing.join(' and ')} not found (${missing.map((n) => HOW[n]).join('; ')})`;
  if (process.env.CI === 'true') throw new Error(`${message}. CI needs them.`);
  if (!warned.has(message)) {
    warned.add(message);
    console.warn(`Skipping ${message}.`);
  }
  return false;
}

/** A URL started by the globalSetup (test-support/setup-*.ts) named in the package's vitest config. */
export function service(key: 'postgresAdminUrl' | 'redisUrl' | 's3Endpoint'): string {
  const value = inject(key);
  if (!value) throw new Error(`No ${key}: add test-support's setup for it to this package's vitest globalSetup.`);
  return value;
}
