// Which UploadAnalyzer an instance runs: its own engine pool (the embedded
// default), or the job queue to `onboarding-worker` processes.
import type { Logger } from 'pino';
import { LazyFaceEngine } from '../engine.js';
import type { MediaStore } from '../media/media-store.js';
import { QueueAnalyzer } from '../queue/queue-analysis.js';
import { PoolAnalyzer, type UploadAnalyzer } from './upload-analysis.js';

export interface AnalysisOptions {
  analysis?: 'inprocess' | 'queue' | undefined;
  /** Engine threads of the in-process pool. */
  workers?: number | undefined;
  /** Analyses allowed to wait (for a thread, or for a worker over all instances). */
  maxQueue: number;
  redisUrl?: string | undefined;
  analysisTimeoutMs?: number | undefined;
}

/** The engine pool in this process (loaded on first use unless warmed), or the queue to worker processes. */
export function openAnalysis(opts: AnalysisOptions, media: MediaStore, logger: Logger): UploadAnalyzer {
  const { maxQueue } = opts;
  if (opts.analysis !== 'queue') return new PoolAnalyzer(new LazyFaceEngine({ workers: opts.workers ?? 1, maxQueue }), media);
  if (!opts.redisUrl) throw new Error('Queued analysis (ONBOARDING_ANALYSIS=queue) needs a Redis URL (ONBOARDING_REDIS_URL).');
  return new QueueAnalyzer({ redisUrl: opts.redisUrl, media, logger, maxQueue, timeoutMs: opts.analysisTimeoutMs ?? 60_000 });
}
