// The onboarding server as its own process (the built CLI, `node dist/cli.js
// serve`), so the reliability tests can read its resident memory, SIGTERM it
// and kill -9 it like an operator or a crash would.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServerProcess } from '../../../../test-support/onboarding-server.js';
import { apiHelpers, type ApiHelpers } from '../helpers.js';

export interface ChildServer extends ApiHelpers {
  url: string;
  apiKey: string;
  dataDir: string;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resident set size of the server process (main thread and face-engine workers), bytes. */
  rss(): number;
  mediaFiles(): string[];
  tempFiles(): string[];
  signal(sig: NodeJS.Signals): Promise<number | null>;
}

export const newApiKey = (): string => `ak_${randomBytes(32).toString('base64url')}`;

export async function startChildServer(dataDir: string, apiKey: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const serverEnv = {
    ONBOARDING_WORKERS: '1',
    // The reliability tests load the server with passive authentications (no challenge_id).
    ONBOARDING_REQUIRE_CHALLENGE: 'false',
    ...env,
  };
  const p = await startServerProcess({ dataDir, apiKey, env: serverEnv });
  const { child, exited, url } = p;
  return {
    ...apiHelpers(url, apiKey),
    url,
    apiKey,
    dataDir,
    child,
    exited,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024,
    mediaFiles: () => readdirSync(join(dataDir, 'media')),
    tempFiles: () => readdirSync(join(dataDir, 'tmp')),
    signal: p.signal,
  };
}
