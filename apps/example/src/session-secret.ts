// The secret that signs session cookies: given, or generated once and kept
// in the data dir (mode 0600) so sessions survive restarts.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { privateFile } from '@alice-face/private-files';

export function loadSessionSecret(dataDir: string, given?: string): string {
  if (given) return given;
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) {
    privateFile(file); // 0600, also when an older version left it readable
    return readFileSync(file, 'utf8').trim();
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}
