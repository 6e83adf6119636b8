// Media as objects `<prefix>/<id>` in an S3-compatible bucket, through
// @aws-sdk/client-s3 with path-style addressing (MinIO, Ceph, R2… as well as
// AWS). Uploads are streamed from the temp file, downloads streamed back to
// the API's media route (which keeps deciding who may read what); nothing is
// held whole in memory.
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { assertMediaId, makeTempDir, tempUploadPath, type MediaStore, type StoredMedia } from './media-store.js';

export interface S3Settings {
  /** Endpoint URL of an S3-compatible server (unset: AWS's own for the region). */
  endpoint?: string | undefined;
  /** Region (unset: the SDK's default chain, e.g. AWS_REGION). */
  region?: string | undefined;
  /** Credentials (unset: the SDK's default chain: environment, shared files, instance role…). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
}

export function s3Client(s: S3Settings): S3Client {
  const config: S3ClientConfig = {
    forcePathStyle: true,
    // Checksums only where S3 requires them: several S3-compatible servers refuse the
    // SDK's newer default (trailing checksums on streamed bodies).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  if (s.endpoint) config.endpoint = s.endpoint;
  if (s.region) config.region = s.region;
  if (s.credentials) config.credentials = s.credentials;
  return new S3Client(config);
}

export class S3MediaStore implements MediaStore {
  readonly tmpDir: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  /** `prefix` without slashes at the ends ('' for the bucket's root). */
  constructor(opts: { client: S3Client; bucket: string; prefix: string; tmpDir: string }) {
    this.#client = opts.client;
    this.#bucket = opts.bucket;
    this.#prefix = opts.prefix ? `${opts.prefix}/` : '';
    this.tmpDir = makeTempDir(opts.tmpDir);
  }

  get location(): string {
    return `s3://${this.#bucket}/${this.#prefix}`;
  }

  tempPath(): string {
    return tempUploadPath(this.tmpDir);
  }

  async putBuffer(id: string, data: Buffer): Promise<void> {
    await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: this.#key(id), Body: data, ContentLength: data.length }));
  }

  async adopt(id: string, tempFile: string): Promise<void> {
    const { size } = await stat(tempFile);
    await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: this.#key(id), Body: createReadStream(tempFile), ContentLength: size }));
    await rm(tempFile, { force: true });
  }

  async read(id: string): Promise<Readable> {
    const object = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(id) }));
    return object.Body as Readable;
  }

  async remove(ids: Iterable<string>): Promise<void> {
    const keys = [...ids].map((id) => ({ Key: `${this.#prefix}${id}` }));
    // DeleteObjects takes at most 1000 keys; a missing key counts as deleted.
    for (let i = 0; i < keys.length; i += 1000) {
      const out = await this.#client.send(new DeleteObjectsCommand({ Bucket: this.#bucket, Delete: { Objects: keys.slice(i, i + 1000), Quiet: true } }));
      if (out.Errors?.length) throw new Error(`S3 refused to delete ${out.Errors.length} object(s): ${out.Errors[0]?.Code ?? 'error'} ${out.Errors[0]?.Message ?? ''}`.trim());
    }
  }

  async *list(): AsyncIterable<StoredMedia> {
    let token: string | undefined;
    do {
      const page = await this.#client.send(new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: this.#prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const name = o.Key?.slice(this.#prefix.length);
        if (name && !name.includes('/')) yield { name, modifiedAt: o.LastModified?.getTime() ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async close(): Promise<void> {
    this.#client.destroy();
  }

  #key(id: string): string {
    assertMediaId(id);
    return `${this.#prefix}${id}`;
  }
}
