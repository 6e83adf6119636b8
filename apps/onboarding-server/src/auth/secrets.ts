// Secrets at rest: the JWT signing key lives in the data dir (0600) unless
// given by the environment; API keys are stored only as SHA-256 hashes (they
// are 32 random bytes, so a fast hash is enough: there is nothing to guess).
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadJwtKey(dataDir: string, fromEnv?: string): Buffer {
  if (fromEnv !== undefined) return Buffer.from(fromEnv, 'utf8');
  const file = join(dataDir, 'jwt-secret.key');
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  }
  const key = randomBytes(48);
  // 'wx' fails if another process created the file first: never overwrite a key.
  writeFileSync(file, key.toString('base64url'), { mode: 0o600, flag: 'wx' });
  return key;
}

export function newApiKey(): string {
  return `ak_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
