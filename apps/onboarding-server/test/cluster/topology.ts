// The processes of `pnpm test:cluster`, all on loopback: API instances (the
// built CLI, `serve`, with ONBOARDING_ANALYSIS=queue) and analysis workers
// (the built `onboarding-worker`), as child processes that can be SIGKILLed
// or SIGTERMed like a crash or an operator would.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase } from '../../../../test-support/postgres.js';
import { freshRedisDb } from '../../../../test-support/redis.js';
import { freshBucket, S3_TEST_CREDENTIALS, S3_TEST_REGION } from '../../../../test-support/s3.js';
import { service } from '../../../../test-support/services.js';
import { newApiKey, startChildServer, type ChildServer } from '../reliability/child-server.js';
import { spawnReady } from '../../../../test-support/spawn-ready.js';

const workerCli = join(import.meta.dirname, '..', '..', 'dist', 'worker-cli.js');

/** The environment every API instance and worker of one cluster shares. */
export async function clusterEnv(): Promise<Record<string, string>> {
  const endpoint = service('s3Endpoint');
  const [database, media, redis] = await Promise.all([
    freshDatabase(service('postgresAdminUrl'), 'cluster'),
    freshBucket(endpoint),
    freshRedisDb(service('redisUrl')),
  ]);
  return {
    ONBOARDING_DATABASE_URL: database,
    ONBOARDING_MEDIA_URL: media,
    ONBOARDING_S3_ENDPOINT: endpoint,
    ONBOARDING_S3_REGION: S3_TEST_REGION,
    AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
    ONBOARDING_REDIS_URL: redis,
    ONBOARDING_JWT_SECRET: 'a-cluster-jwt-secret-shared-by-every-instance',
    ONBOARDING_API_KEY: newApiKey(),
    ONBOARDING_ANALYSIS: 'queue',
    ONBOARDING_LOG_LEVEL: 'warn',
  };
}

export async function startApi(root: string, env: Record<string, string>): Promise<ChildServer> {
  return startChildServer(mkdtempSync(join(root, 'api-')), env.ONBOARDING_API_KEY!, env);
}

export interface WorkerProcess {
  /** GET this for readiness: {"status","running"}. */
  readyUrl: string;
  exited: Promise<number | null>;
  signal(sig: NodeJS.Signals): Promise<number | null>;
  /** Jobs running now, from the readiness endpoint. */
  running(): Promise<number>;
  output(): string;
}

/** Starts `onboarding-worker` and resolves once it takes jobs (its models loaded). */
export async function startWorker(root: string, env: Record<string, string>): Promise<WorkerProcess> {
  const workerEnv = { ...env, ONBOARDING_DATA_DIR: mkdtempSync(join(root, 'worker-')), ONBOARDING_WORKER_PORT: '0', ONBOARDING_WORKERS: '1', ONBOARDING_LOG_LEVEL: 'info' };
  const p = await spawnReady('worker', workerCli, [], workerEnv, (out) => {
    const url = /"readiness":"([^"]+)"/.exec(out)?.[1];
    return url && out.includes('"Analysis worker ready"') ? url : undefined;
  });
  const readyUrl = p.value;
  return {
    readyUrl,
    exited: p.exited,
    signal: p.signal,
    running: async () => ((await (await fetch(readyUrl)).json()) as { running: number }).running,
    output: p.output,
  };
}
