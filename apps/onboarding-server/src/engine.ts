// The face engine pool, started on first use (or at start-up when warmed):
// a server that only hands out tokens or lists users never loads the models.
import type { FaceAnalysis, FaceAnalyzer, MatchScore } from './services/face.js';

export interface EngineOptions {
  workers: number;
  maxQueue: number;
}

export class LazyFaceEngine implements FaceAnalyzer {
  readonly #opts: EngineOptions;
  #pool: Promise<FaceAnalyzer> | undefined;
  #started: FaceAnalyzer | undefined;
  #closed = false;
  #matchScore: MatchScore | undefined;

  constructor(opts: EngineOptions) {
    this.#opts = opts;
  }

  async analyze(input: string, opts?: { maxBytes?: number }): Promise<FaceAnalysis> {
    return (await this.#get()).analyze(input, opts);
  }

  /** The engine's calibrated score; loaded with the pool, so available after any analyze. */
  readonly matchScore: MatchScore = (a, b) => {
    if (!this.#matchScore) throw new Error('The face engine is not loaded yet.');
    return this.#matchScore(a, b);
  };

  stats() {
    return this.#started?.stats() ?? { size: this.#opts.workers, busy: 0, queued: 0 };
  }

  async ready(): Promise<void> {
    await (await this.#get()).ready();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#pool) await (await this.#pool).close();
  }

  #get(): Promise<FaceAnalyzer> {
    if (this.#closed) {
      return Promise.reject(Object.assign(new Error('The face engine is shut down.'), { code: 'ENGINE_CLOSED' }));
    }
    this.#pool ??= import('@alice-face/face-engine').then((engine) => {
      const pool: FaceAnalyzer = new engine.FaceEnginePool({ size: this.#opts.workers, maxQueue: this.#opts.maxQueue });
      this.#started = pool;
      this.#matchScore = engine.matchScore;
      return pool;
    });
    return this.#pool;
  }
}
