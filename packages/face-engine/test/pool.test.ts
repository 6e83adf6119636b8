// The worker pool (dist/worker.js, so the package must be built): models
// load once, a full queue rejects at once with QUEUE_FULL, the pool
// recovers, and a closed pool refuses work.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './support/fixtures.js';
import { FaceEngineError } from '../src/errors.js';
import { FaceEnginePool } from '../src/pool.js';
import { TEMPLATE_LENGTH } from '../src/template-format.js';

describe.skipIf(!hasFixtures)('FaceEnginePool', () => {
  let pool: FaceEnginePool;
  const photo = readFileSync(fixture('faces/people/obama/obama.jpg'));
  beforeAll(async () => {
    pool = new FaceEnginePool({ size: 1, maxQueue: 1 });
    await pool.ready();
  });
  afterAll(async () => {
    await pool.close();
  });

  it('analyses through a worker and returns a Buffer crop and a Float32Array template', async () => {
    const a = await pool.analyze(photo);
    expect(Buffer.isBuffer(a.croppedFace)).toBe(true);
    expect(a.croppedFace.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(a.template).toBeInstanceOf(Float32Array);
    expect(a.template).toHaveLength(TEMPLATE_LENGTH);
    expect(pool.stats()).toEqual({ size: 1, busy: 0, queued: 0 });
  });

  it('rejects with QUEUE_FULL when the worker is busy and the queue is full, then recovers', async () => {
    const running = pool.analyze(fixture('videos/real-selfie-1.mp4'));
    const queued = pool.analyze(photo);
    expect(pool.stats()).toEqual({ size: 1, busy: 1, queued: 1 });
    const refused = pool.analyze(photo);
    await expect(refused).rejects.toBeInstanceOf(FaceEngineError);
    await expect(refused).rejects.toMatchObject({ code: 'QUEUE_FULL' });
    await expect(running).resolves.toMatchObject({ numberOfFaces: 1 });
    await expect(queued).resolves.toMatchObject({ numberOfFaces: 1 });
    expect(pool.stats()).toEqual({ size: 1, busy: 0, queued: 0 });
    await expect(pool.analyze(photo)).resolves.toMatchObject({ media: { kind: 'image' } });
  });

  it('carries the engine error codes across the thread boundary', async () => {
    await expect(pool.analyze(Buffer.from('not a video'))).rejects.toMatchObject({ code: 'NOT_A_VIDEO' });
    await expect(pool.analyze(fixture('faces/scenes/white.png'))).rejects.toMatchObject({ code: 'NO_FACE' });
  });

  it('refuses work once closed: ENGINE_CLOSED', async () => {
    const other = new FaceEnginePool({ size: 1, maxQueue: 0 });
    await other.close();
    await expect(other.analyze(photo)).rejects.toMatchObject({ code: 'ENGINE_CLOSED' });
  });
});
