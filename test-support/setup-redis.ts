// vitest globalSetup: one redis-server for the run (skipped when the binary is missing, see services.ts).
import type { TestProject } from 'vitest/node';
import { redisBin, startRedis } from './redis.js';

export default async function setup(project: TestProject) {
  if (!redisBin()) return project.provide('redisUrl', undefined);
  const server = await startRedis();
  project.provide('redisUrl', server.url);
  return () => server.stop();
}
