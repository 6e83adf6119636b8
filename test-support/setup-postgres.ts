// vitest globalSetup: one PostgreSQL cluster for the run (skipped when the binaries are missing, see services.ts).
import type { TestProject } from 'vitest/node';
import { postgresBin, startPostgres } from './postgres.js';

export default async function setup(project: TestProject) {
  if (!postgresBin()) return project.provide('postgresAdminUrl', undefined);
  const cluster = await startPostgres();
  project.provide('postgresAdminUrl', cluster.adminUrl);
  return () => cluster.stop();
}
