// What the services ask of face analysis: analyse an upload in this
// instance's temp folder and leave its outputs in the media store under ids
// the caller chose (the face crop of a selfie, the clip of an
// authentication), so the caller only writes the row naming them. Two
// implementations: the in-process engine pool (below, the embedded default)
// and the job queue to worker processes (queue/queue-analysis.ts).
import type { MediaStore } from '../media/media-store.js';
import { busy, engineRefusal } from './engine-errors.js';
import type { ChallengeSpec, FaceAnalysis, FaceAnalyzer, MatchScore } from './face.js';

export interface AnalysisRequest {
  /** The upload, in this instance's temp folder. */
  path: string;
  maxBytes: number;
  challenge?: ChallengeSpec | undefined;
  /** Keep the clip in the media store under this id (authentications); unset: the clip is not kept. */
  clipId?: string | undefined;
  /** Store the face crop (JPEG) in the media store under this id (selfies). */
  cropId?: string | undefined;
  /** Aborted when the client gave up: an analysis not started yet is dropped. */
  signal?: AbortSignal | undefined;
}

/** The engine's analysis without the crop's bytes (stored under `cropId` when asked). */
export type UploadAnalysis = Omit<FaceAnalysis, 'croppedFace'> & { cropBytes: number };

export interface UploadAnalyzer {
  /**
   * Resolves once the outputs asked for are in the media store; rejects with
   * the contract's HttpError (422 NO_FACE, 503 BUSY…) leaving nothing stored
   * under `clipId` or `cropId`.
   */
  analyze(request: AnalysisRequest): Promise<UploadAnalysis>;
  /** The engine's calibrated score of two templates (0-100, 50 to pass). */
  readonly matchScore: MatchScore;
  /** Resolves when analyses can run (models loaded, or the queue reached). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Analysis in this process's engine pool: the upload is read from the temp folder, its outputs written after. */
export class PoolAnalyzer implements UploadAnalyzer {
  readonly matchScore: MatchScore;

  constructor(
    private readonly engine: FaceAnalyzer & { matchScore: MatchScore },
    private readonly media: MediaStore,
  ) {
    this.matchScore = engine.matchScore;
  }

  async analyze(r: AnalysisRequest): Promise<UploadAnalysis> {
    const { croppedFace, ...analysis } = await analyzeUpload(this.engine, r.path, r.maxBytes, r.challenge);
    const stored: string[] = [];
    try {
      if (r.cropId) {
        await this.media.putBuffer(r.cropId, croppedFace);
        stored.push(r.cropId);
      }
      if (r.clipId) await this.media.adopt(r.clipId, r.path);
    } catch (err) {
      await this.media.remove(stored);
      throw err;
    }
    return { ...analysis, cropBytes: croppedFace.length };
  }

  ready(): Promise<void> {
    return this.engine.ready();
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** Runs the engine on an upload; its refusals become the contract's errors (engine-errors.ts), a full queue 503 BUSY. */
async function analyzeUpload(faces: FaceAnalyzer, path: string, maxBytes: number, challenge?: ChallengeSpec): Promise<FaceAnalysis> {
  try {
    return await faces.analyze(path, challenge ? { maxBytes, challenge } : { maxBytes });
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    const known = typeof code === 'string' ? engineRefusal(code, err instanceof Error ? err.message : '', err) : undefined;
    if (known) return Promise.reject(known);
    if (code === 'QUEUE_FULL' || code === 'ENGINE_CLOSED') {
      const s = faces.stats();
      throw busy((s.busy + s.queued) / Math.max(1, s.size), err);
    }
    throw err;
  }
}
