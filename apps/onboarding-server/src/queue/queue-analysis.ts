// Face analysis on a BullMQ job queue (ONBOARDING_ANALYSIS=queue): the API
// instance moves the upload into the media store under the job's id,
// enqueues the job and waits for its result through BullMQ's job events;
// `onboarding-worker` processes (analysis-worker.ts) do the work. No face
// model is loaded here: the match score is plain arithmetic on templates.
//
// - Backpressure: with ONBOARDING_MAX_QUEUE jobs already waiting for a
//   worker, 503 BUSY + Retry-After before anything is stored.
// - A request abandoned by its client drops its job if no worker has taken
//   it yet; a job already running finishes (and its row is written).
// - Past the deadline (ONBOARDING_ANALYSIS_TIMEOUT_S) the request gets a
//   retriable 503; a waiting job is removed, and a worker drops a job whose
//   deadline has passed.
// - Whatever fails, the clip and the crop are removed: nothing is left
//   under the ids the caller named.
import { randomUUID } from 'node:crypto';
import { matchScore } from '@alice-face/face-engine/match';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { MediaStore } from '../media/media-store.js';
import { busy, engineRefusal } from '../services/engine-errors.js';
import type { MatchScore } from '../services/face.js';
import type { AnalysisRequest, UploadAnalysis, UploadAnalyzer } from '../services/upload-analysis.js';
import { ANALYSIS_QUEUE, newResultKey, openOutcome, QUEUE_PREFIX, type AnalysisJobData } from './analysis-job.js';

export interface QueueAnalyzerOptions {
  redisUrl: string;
  media: MediaStore;
  logger: Logger;
  /** Jobs allowed to wait for a worker (over all instances); beyond: 503 BUSY. */
  maxQueue: number;
  /** How long a request waits for its analysis, ms. */
  timeoutMs: number;
}

type AnalysisJob = Job<AnalysisJobData, string>;

const UNREACHABLE = 'The face analysis queue cannot be reached; try again shortly.';

export class QueueAnalyzer implements UploadAnalyzer {
  readonly matchScore: MatchScore = matchScore;
  readonly #o: QueueAnalyzerOptions;
  readonly #queue: Queue<AnalysisJobData, string>;
  readonly #events: QueueEvents;

  constructor(o: QueueAnalyzerOptions) {
    this.#o = o;
    // No retries per command: Redis down means 503s now, not requests hanging.
    this.#queue = new Queue(ANALYSIS_QUEUE, { connection: { url: o.redisUrl, maxRetriesPerRequest: 1 }, prefix: QUEUE_PREFIX });
    this.#events = new QueueEvents(ANALYSIS_QUEUE, { connection: { url: o.redisUrl, maxRetriesPerRequest: null }, prefix: QUEUE_PREFIX });
    const onError = (err: Error) => o.logger.error({ err: err.message }, 'Analysis queue: Redis error');
    this.#queue.on('error', onError);
    this.#events.on('error', onError);
  }

  async ready(): Promise<void> {
    await Promise.all([this.#queue.waitUntilReady(), this.#events.waitUntilReady()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.#queue.close(), this.#events.close()]);
  }

  async analyze(r: AnalysisRequest): Promise<UploadAnalysis> {
    await this.#admit();
    const clipId = r.clipId ?? randomUUID();
    const key = newResultKey();
    const deadline = Date.now() + this.#o.timeoutMs;
    const data: AnalysisJobData = { clipId, cropId: r.cropId, maxBytes: r.maxBytes, challenge: r.challenge, deadline, key };
    let job: AnalysisJob | undefined;
    try {
      await this.#o.media.adopt(clipId, r.path);
      // The job's id is the clip's: a job run twice (a worker lost mid-job) stores one crop and one result.
      const added = await this.#queue
        .add('analyze', data, { jobId: clipId, attempts: 2, removeOnComplete: { age: 60 }, removeOnFail: { age: 3600 } })
        .catch((err: unknown) => Promise.reject(busy(1, err, UNREACHABLE)));
      job = added;
      const outcome = openOutcome(key, await this.#result(added, deadline, r.signal));
      if (!outcome.ok) throw engineRefusal(outcome.code, outcome.message) ?? new Error(`Unknown analysis refusal ${outcome.code}`);
      if (!r.clipId) await this.#o.media.remove([clipId]);
      return outcome.analysis;
    } catch (err) {
      await this.#o.media.remove(r.cropId ? [clipId, r.cropId] : [clipId]).catch((e: Error) => this.#o.logger.error({ err: e.message, clipId }, 'Could not remove the media of a failed analysis'));
      throw err;
    } finally {
      // Read or abandoned, the job goes, and its result key with it.
      if (job) await tryRemove(job);
    }
  }

  /** 503 when the jobs waiting for a worker already reach the limit. */
  async #admit(): Promise<void> {
    let counts: Record<string, number>;
    try {
      counts = await this.#queue.getJobCounts('waiting', 'prioritized', 'active');
    } catch (err) {
      throw busy(1, err, UNREACHABLE);
    }
    const waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0);
    const active = counts.active ?? 0;
    if (waiting > 0 && waiting >= this.#o.maxQueue) throw busy((waiting + active) / Math.max(1, active));
  }

  /** The sealed result; 503 BUSY when it does not come in time or the job failed. */
  async #result(job: AnalysisJob, deadline: number, signal: AbortSignal | undefined): Promise<string> {
    const finished = job.waitUntilFinished(this.#events, Math.max(1, deadline - Date.now()));
    const abandoned = signal ? whenAbandoned(signal, job) : new Promise<never>(() => {});
    try {
      return await Promise.race([finished, abandoned]);
    } catch (err) {
      if (signal?.aborted) throw busy(0, err, 'The request was abandoned; its analysis was dropped.');
      if (Date.now() >= deadline) {
        this.#o.logger.warn({ job: job.id }, 'Analysis timed out');
        throw busy(1, err, 'The face analysis took too long; try again shortly.');
      }
      this.#o.logger.error({ job: job.id, reason: (err as Error).message }, 'Analysis job failed');
      throw busy(1, err, 'The face analysis failed; try again shortly.');
    } finally {
      finished.catch(() => {});
    }
  }
}

/**
 * Rejects when the client has gone and the job could be dropped (no worker
 * took it yet); a job already running is waited for like any other.
 */
function whenAbandoned(signal: AbortSignal, job: AnalysisJob): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    const drop = () => void tryRemove(job).then((removed) => removed && reject(signal.reason));
    if (signal.aborted) drop();
    else signal.addEventListener('abort', drop, { once: true });
  });
}

/** Removes a job that no worker holds; false when it is running (locked) or already gone. */
async function tryRemove(job: AnalysisJob): Promise<boolean> {
  try {
    await job.remove();
    return true;
  } catch {
    return false;
  }
}
