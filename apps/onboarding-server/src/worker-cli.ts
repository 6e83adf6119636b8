#!/usr/bin/env node
// onboarding-worker: face analysis for API instances running with
// ONBOARDING_ANALYSIS=queue. Same ONBOARDING_* environment as the server
// (ONBOARDING_REDIS_URL required; the media store the API instances use;
// ONBOARDING_WORKERS engine threads; ONBOARDING_DATA_DIR for its temp files).
// Readiness: GET http://ONBOARDING_HOST:ONBOARDING_WORKER_PORT/ready answers
// 200 once the models are loaded and jobs are taken, 503 while starting or
// stopping. SIGTERM/SIGINT: no new jobs, the running ones finish, exit 0.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { privateDir, PrivateFilesError } from '@alice-face/private-files';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { openMediaStore } from './media/open-media-store.js';
import { startAnalysisWorker, type AnalysisWorker } from './queue/analysis-worker.js';

type State = 'starting' | 'ready' | 'stopping';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.redisUrl) throw new ConfigError('Invalid onboarding worker configuration:\n  ONBOARDING_REDIS_URL: is required: the worker takes its jobs from that Redis');
  const logger = createLogger(config.logLevel).child({ role: 'analysis-worker' });
  privateDir(config.dataDir);
  const media = openMediaStore(config.dataDir, config.mediaUrl, config.s3);
  let state: State = 'starting';
  let worker: AnalysisWorker | undefined;
  const health = await listen(config.host, config.workerPort, () => ({ state, running: worker?.running() ?? 0 }));
  const { address, port } = health.address() as AddressInfo;
  logger.info({ media: media.location, threads: config.workers, readiness: `http://${address}:${port}/ready` }, 'Loading the face engine');

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) =>
    (stopping ??= (async () => {
      state = 'stopping';
      logger.info({ signal, running: worker?.running() ?? 0 }, 'Stopping after the running jobs');
      await worker?.close();
      await media.close();
      await new Promise<void>((r) => health.close(() => r()));
      logger.info('Analysis worker stopped');
      process.exit(0);
    })().catch((err: unknown) => {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'Could not stop cleanly');
      process.exit(1);
    }));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  worker = await startAnalysisWorker({ redisUrl: config.redisUrl, media, logger, threads: config.workers, lockMs: config.jobLockMs });
  if (state === 'starting') state = 'ready';
  logger.info({ threads: config.workers, lock_ms: config.jobLockMs }, 'Analysis worker ready');
}

/** The readiness endpoint: GET /ready → 200 {"status":"ready","running"} or 503 while starting or stopping. */
function listen(host: string, port: number, status: () => { state: State; running: number }): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/ready') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"Only GET /ready is served here."}}');
      return;
    }
    const s = status();
    res.writeHead(s.state === 'ready' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: s.state, running: s.running }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof PrivateFilesError ? err.message : err);
  process.exit(1);
});
