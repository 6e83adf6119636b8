// vitest globalSetup: one S3-compatible server (from npm, so always available) for the run.
import type { TestProject } from 'vitest/node';
import { startS3 } from './s3.js';

export default async function setup(project: TestProject) {
  const server = await startS3();
  project.provide('s3Endpoint', server.endpoint);
  return () => server.stop();
}
