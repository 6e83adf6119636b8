#!/usr/bin/env node
// onboarding-server [serve]            start the server (ONBOARDING_* environment)
// onboarding-server migrate            apply pending schema migrations, then exit
// onboarding-server api-key create [NAME] | list | revoke ID_OR_PREFIX
import { join } from 'node:path';
import { ffmpegInfo } from '@alice-face/face-engine/ffmpeg';
import { PrivateFilesError, privateDir } from '@alice-face/private-files';
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import { startOnboardingServer } from './server.js';
import { createApiKey } from './services/token-service.js';
import { MIGRATIONS } from './store/migrations.js';
import { PostgresStore } from './store/postgres-store.js';
import { SqliteStore } from './store/sqlite-store.js';
import type { Store } from './store/store.js';

const USAGE = `Usage:
  onboarding-server [serve]
  onboarding-server migrate
  onboarding-server api-key create [NAME]
  onboarding-server api-key list
  onboarding-server api-key revoke ID_OR_PREFIX
Configuration comes from ONBOARDING_* environment variables (see README).`;

async function serve(config: ServerConfig): Promise<void> {
  const server = await startOnboardingServer({ ...config, maxUploadBytes: config.maxUploadBytes, createApiKeyWhen: 'if-none' });
  if (server.apiKey && !config.apiKey) {
    // Printed once: only its hash is stored.
    process.stdout.write(`\nAPI key created (shown only now, store it safely):\n  ${server.apiKey}\n\n`);
  } else if (!config.apiKey) {
    process.stdout.write('Using the API keys already stored (manage them with `onboarding-server api-key list|create|revoke`).\n');
  }
  const ffmpeg = await ffmpegInfo();
  process.stdout.write(`Onboarding API at ${server.url} (uploads decoded by ffmpeg ${ffmpeg.version}, ${ffmpeg.source}: ${ffmpeg.path})\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: draining…\n`);
    server.close().then(() => process.exit(0), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** The configured store, its migrations applied (both stores migrate when opened). */
async function openStore(config: ServerConfig): Promise<Store> {
  if (config.databaseUrl) return PostgresStore.open(config.databaseUrl);
  privateDir(config.dataDir);
  return new SqliteStore(join(config.dataDir, 'onboarding.sqlite'));
}

async function migrate(config: ServerConfig): Promise<void> {
  await (await openStore(config)).close();
  const version = Math.max(...MIGRATIONS.map((m) => m.version));
  process.stdout.write(`${JSON.stringify({ store: config.databaseUrl ? 'postgres' : 'sqlite', schema_version: version })}\n`);
}

async function apiKeys(config: ServerConfig, args: string[]): Promise<void> {
  const store = await openStore(config);
  try {
    const [action, arg] = args;
    if (action === 'create') {
      const { key, row } = await createApiKey(store, arg ?? 'cli', new Date());
      process.stdout.write(`${JSON.stringify({ id: row.id, name: row.name, prefix: row.prefix, key })}\n`);
    } else if (action === 'list') {
      for (const k of await store.listApiKeys()) process.stdout.write(`${JSON.stringify({ id: k.id, name: k.name, prefix: k.prefix, created_at: k.createdAt, revoked_at: k.revokedAt })}\n`);
    } else if (action === 'revoke' && arg) {
      const n = await store.revokeApiKey(arg, new Date().toISOString());
      if (n === 0) throw new ConfigError(`No active API key has the id or prefix ${arg}.`);
      process.stdout.write(`${JSON.stringify({ revoked: n })}\n`);
    } else {
      throw new ConfigError(USAGE);
    }
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  const config = loadConfig();
  if (command === 'serve') return serve(config);
  if (command === 'migrate') return migrate(config);
  if (command === 'api-key') return apiKeys(config, rest);
  throw new ConfigError(USAGE);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof PrivateFilesError ? err.message : err);
  process.exit(1);
});
