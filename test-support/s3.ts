/// <reference path="./s3rver.d.ts" />
// A throwaway S3-compatible server for a test run: @20minutes/s3rver (a kept
// fork of s3rver) on a free loopback port, objects in a temp dir. Each test
// file takes its own bucket (freshBucket).
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from '@20minutes/s3rver';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** s3rver's built-in account; any credentials are accepted as signatures are not checked (below). */
export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const S3_TEST_REGION = 'us-east-1';

export interface S3Server {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startS3(): Promise<S3Server> {
  const dir = mkdtempSync(join(tmpdir(), 's3-test-'));
  // s3rver canonicalizes bucket-level paths without the trailing slash the
  // AWS SDK v3 signs ("/bucket/"), so it would refuse every ListObjects and
  // DeleteObjects: signatures are not checked (requests are still signed).
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, allowMismatchedSignatures: true });
  const address = (await server.run()) as { port: number };
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates an empty bucket and returns an `s3://bucket/prefix` media URL in it. */
export async function freshBucket(endpoint: string, prefix = 'media'): Promise<string> {
  const bucket = `test-${Math.random().toString(36).slice(2, 12)}`;
  const client = new S3Client({ endpoint, region: S3_TEST_REGION, forcePathStyle: true, credentials: S3_TEST_CREDENTIALS });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
  return `s3://${bucket}/${prefix}`;
}
