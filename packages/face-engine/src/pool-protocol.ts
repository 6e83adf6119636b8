// Messages between the pool and its worker threads.
import type { Analysis, AnalyzeOptions, FaceEngineErrorCode } from './types.js';

/** What a worker is started with. */
export interface WorkerData {
  helper: boolean;
}

export interface WorkerRequest {
  id: number;
  /** A path, or the upload's bytes (copied into the worker). */
  input: string | Uint8Array;
  opts: AnalyzeOptions;
}

export type WorkerResponse =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; analysis: Analysis }
  | { type: 'error'; id: number; code: FaceEngineErrorCode; message: string };
