// The worker side of the analysis queue: a BullMQ worker taking as many jobs
// at once as its engine pool has threads. Per job: the clip is read from the
// media store into this worker's temp folder, analysed, the crop stored under
// the id the job names, and the outcome returned sealed (analysis-job.ts).
// A refusal of the media (NO_FACE, TOO_LONG…) is an outcome, not a failure;
// anything else fails the attempt and BullMQ retries it once. A worker that
// dies mid-job stops renewing its lock: after `lockMs` another worker's
// stalled check puts the job back in line, and the job's fixed ids make the
// second run overwrite, not add.
import { createWriteStream } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { tempUploadPath, type MediaStore } from '../media/media-store.js';
import { isEngineRefusal } from '../services/engine-errors.js';
import type { FaceAnalyzer } from '../services/face.js';
import { ANALYSIS_QUEUE, QUEUE_PREFIX, sealOutcome, type AnalysisJobData, type AnalysisOutcome } from './analysis-job.js';

export interface AnalysisWorkerOptions {
  redisUrl: string;
  media: MediaStore;
  logger: Logger;
  /** Engine threads, and so jobs taken at once. */
  threads: number;
  /** A worker silent for this long (ms) is taken as dead and its job handed to another. */
  lockMs: number;
}

export interface AnalysisWorker {
  /** Stops taking jobs, lets the running ones finish, then ends the engine and the connections. */
  close(): Promise<void>;
  /** Jobs being analysed now. */
  running(): number;
}

/** Loads the engine (every thread's models), then starts taking jobs. */
export async function startAnalysisWorker(o: AnalysisWorkerOptions): Promise<AnalysisWorker> {
  // This process's own temp folder: anything in it is left by a crash.
  for (const name of await readdir(o.media.tmpDir)) await rm(join(o.media.tmpDir, name), { force: true, recursive: true });
  const { FaceEnginePool } = await import('@alice-face/face-engine');
  const engine: FaceAnalyzer = new FaceEnginePool({ size: o.threads, maxQueue: 0 });
  try {
    await engine.ready();
  } catch (err) {
    await engine.close().catch(() => {});
    throw err;
  }
  let running = 0;
  const worker = new Worker<AnalysisJobData, string>(
    ANALYSIS_QUEUE,
    async (job) => {
      running++;
      try {
        return await processJob(job, engine, o);
      } finally {
        running--;
      }
    },
    {
      connection: { url: o.redisUrl, maxRetriesPerRequest: null },
      prefix: QUEUE_PREFIX,
      concurrency: o.threads,
      autorun: false,
      lockDuration: o.lockMs,
      stalledInterval: o.lockMs,
      maxStalledCount: 1,
    },
  );
  worker.on('error', (err) => o.logger.error({ err: err.message }, 'Analysis worker: Redis error'));
  worker.on('stalled', (jobId) => o.logger.warn({ job: jobId }, 'Job stalled (its worker stopped): back in line'));
  worker.on('failed', (job, err) => o.logger.warn({ job: job?.id, attempt: job?.attemptsMade, reason: err.message }, 'Job failed'));
  await worker.waitUntilReady();
  void worker.run().catch((err: Error) => o.logger.error({ err: err.message }, 'Analysis worker stopped'));
  return {
    running: () => running,
    async close() {
      await worker.close();
      await engine.close();
    },
  };
}

async function processJob(job: Job<AnalysisJobData, string>, engine: FaceAnalyzer, o: AnalysisWorkerOptions): Promise<string> {
  const d = job.data;
  const stale = () => {
    if (Date.now() > d.deadline) throw new UnrecoverableError('Past its deadline: nobody waits for this analysis any more.');
  };
  stale();
  const started = Date.now();
  o.logger.info({ job: job.id, attempt: job.attemptsMade + 1 }, 'Job started');
  const path = tempUploadPath(o.media.tmpDir);
  try {
    await pipeline(await o.media.read(d.clipId), createWriteStream(path, { mode: 0o600 }));
    let outcome: AnalysisOutcome;
    try {
      const { croppedFace, ...analysis } = await engine.analyze(path, d.challenge ? { maxBytes: d.maxBytes, challenge: d.challenge } : { maxBytes: d.maxBytes });
      stale(); // the API has given up and cleaned up: store nothing more
      if (d.cropId) await o.media.putBuffer(d.cropId, croppedFace);
      outcome = { ok: true, analysis: { ...analysis, cropBytes: croppedFace.length } };
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (!isEngineRefusal(code)) throw err;
      outcome = { ok: false, code, message: err instanceof Error ? err.message : code };
    }
    o.logger.info({ job: job.id, attempt: job.attemptsMade + 1, ms: Date.now() - started, outcome: outcome.ok ? 'analysed' : outcome.code }, 'Job done');
    return sealOutcome(d.key, outcome);
  } finally {
    await rm(path, { force: true });
  }
}
