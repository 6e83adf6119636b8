import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrustProxy, type TrustProxyInput } from '@alice-face/http-common';
import { OnboardingClient } from '@alice-face/onboarding-client';
import type { Thresholds } from './api-types.js';
import { createApp } from './app.js';
import { openDb } from './store/db.js';
import type { LockoutPolicy } from './store/reviewers.js';

export interface AdminServerOptions {
  /** Folder for the admin's SQLite file and session secret (created, mode 0700). */
  dataDir: string;
  port?: number;
  host?: string;
  /** Onboarding API base URL, ending in /onboarding. */
  onboardingUrl: string;
  apiKey: string;
  /** Created when no reviewer has this email; an existing account is left as it is. */
  reviewer?: { email: string; password: string } | undefined;
  thresholds?: Partial<Thresholds> | undefined;
  secureCookies?: boolean;
  /** Express `trust proxy` behind a reverse proxy: a hop count or the proxies' addresses/ranges (default false; `true` is refused). */
  trustProxy?: TrustProxyInput;
  sessionSecret?: string | undefined;
  /** The built SPA (default: this package's dist/). */
  staticDir?: string;
  loginRateLimit?: { limit: number; windowMs: number };
  lockout?: LockoutPolicy;
  pollIntervalMs?: number;
  log?: (message: string) => void;
}

export interface AdminServer {
  url: string;
  close(): Promise<void>;
}

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The session secret: given, or made once and kept in the data dir so sessions survive restarts. */
function loadSecret(dataDir: string, given: string | undefined): string {
  if (given) return given;
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Starts the admin server (API + SPA) and resolves once it listens. */
export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const log = options.log ?? ((m: string) => console.error(`[admin] ${m}`));
  const trustProxy = parseTrustProxy(options.trustProxy);
  if (!trustProxy.ok) throw new TypeError(`startAdminServer: \`trustProxy\` ${trustProxy.message}.`);
  const db = openDb(options.dataDir); // the data dir 0700, tightened if it was left open
  const client = new OnboardingClient({ apiKey: options.apiKey, baseUrl: options.onboardingUrl });
  const { app, reviewers, sessions } = createApp({
    db,
    client,
    thresholds: { liveness: options.thresholds?.liveness ?? 50, matching: options.thresholds?.matching ?? 50 },
    sessionSecret: loadSecret(options.dataDir, options.sessionSecret),
    secureCookies: options.secureCookies ?? false,
    trustProxy: trustProxy.value,
    staticDir: options.staticDir ?? join(packageDir, 'dist'),
    loginRateLimit: options.loginRateLimit ?? { limit: 20, windowMs: 15 * 60 * 1000 },
    lockout: options.lockout ?? { maxFailures: 5, lockMs: 15 * 60 * 1000 },
    pollIntervalMs: options.pollIntervalMs ?? 5000,
    log,
  });
  if (options.reviewer && !reviewers.find(options.reviewer.email)) {
    await reviewers.upsert(options.reviewer.email, options.reviewer.password);
  }
  if (reviewers.count() === 0) log('No reviewer account yet: set ADMIN_REVIEWER_EMAIL/PASSWORD or run `add-reviewer`.');

  const host = options.host ?? '127.0.0.1';
  const server = app.listen(options.port ?? 0, host);
  await new Promise<void>((resolveListen, reject) => {
    server.once('listening', resolveListen);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed = false;
  return {
    url: `http://${urlHost}:${port}`,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      sessions.close();
      db.close();
    },
  };
}
