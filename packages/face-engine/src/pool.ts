// A pool of worker threads, each with its own models, and a bounded queue:
// when every worker is busy and the queue holds maxQueue jobs, analyze()
// rejects at once with QUEUE_FULL (the server answers 503 + Retry-After).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FaceEngineError } from './errors.js';
import type { WorkerData, WorkerRequest, WorkerResponse } from './pool-protocol.js';
import type { Analysis, AnalyzeOptions } from './types.js';
import { workerScript } from './worker-path.js';

export interface FaceEnginePoolOptions {
  /** Worker threads (default: os.availableParallelism()). */
  size?: number;
  /** Jobs allowed to wait for a free worker (default 8). */
  maxQueue?: number;
  /**
   * Give each worker a helper thread that works on the same analysis (default true; see FaceEngine.create): a
   * shorter analysis while cores are free, about 130 MB more per worker; no more analyses at once.
   */
  helper?: boolean;
}

interface Job {
  id: number;
  input: string | Uint8Array;
  opts: AnalyzeOptions;
  resolve: (a: Analysis) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  dead?: boolean;
  job?: Job;
}

export class FaceEnginePool {
  readonly size: number;
  readonly maxQueue: number;
  private readonly helper: boolean;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly readyPromise: Promise<void>;
  private nextId = 1;
  private closed = false;
  private drained?: () => void;

  constructor(opts: FaceEnginePoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? availableParallelism()));
    this.maxQueue = Math.max(0, Math.floor(opts.maxQueue ?? 8));
    this.helper = opts.helper ?? true;
    const readies: Promise<void>[] = [];
    for (let i = 0; i < this.size; i++) readies.push(this.spawn());
    this.readyPromise = Promise.all(readies).then(() => undefined);
    // ready() is optional for callers; never leave its rejection unhandled.
    this.readyPromise.catch(() => undefined);
  }

  /** Resolves when every worker has loaded its models. */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  stats(): { size: number; busy: number; queued: number } {
    return { size: this.size, busy: this.slots.filter((s) => s.job).length, queued: this.queue.length };
  }

  analyze(input: Buffer | Uint8Array | string, opts: AnalyzeOptions = {}): Promise<Analysis> {
    if (this.closed) return Promise.reject(new FaceEngineError('ENGINE_CLOSED', 'The face engine pool is closed.'));
    if (this.slots.every((s) => s.dead)) return Promise.reject(new FaceEngineError('INTERNAL', 'No face engine worker could start.'));
    const busy = this.slots.every((s) => s.job || !s.ready);
    if (busy && this.queue.length >= this.maxQueue) {
      return Promise.reject(new FaceEngineError('QUEUE_FULL', `The face engine queue is full (${this.maxQueue} waiting).`));
    }
    return new Promise<Analysis>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, opts, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops accepting work, lets queued and running jobs finish, then ends the workers. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      if (this.queue.length > 0 || this.slots.some((s) => s.job)) {
        await new Promise<void>((resolve) => {
          this.drained = resolve;
        });
      }
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(index = this.slots.length): Promise<void> {
    // The worker runs plain dist/ JavaScript: flags only meaningful for the
    // parent's entry (`node --input-type=module -e …`) would make it fail.
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
    const worker = new Worker(workerScript(), { execArgv, workerData: { helper: this.helper } satisfies WorkerData });
    const slot: Slot = { worker, ready: false };
    this.slots[index] = slot;
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (msg: WorkerResponse) => {
        if (msg.type === 'ready') {
          slot.ready = true;
          resolve();
          this.dispatch();
        } else if (msg.type === 'fatal') {
          const err = new FaceEngineError('INTERNAL', `A face engine worker failed to start: ${msg.message}`);
          reject(err);
          this.bury(slot, err);
        } else {
          this.finish(slot, msg);
        }
      });
      worker.on('error', (err) => {
        const wrapped = new FaceEngineError('INTERNAL', `A face engine worker failed: ${err.message}`, { cause: err });
        reject(wrapped);
        if (slot.ready) this.fail(slot, err);
        else this.bury(slot, wrapped);
      });
      worker.on('exit', (code) => {
        if (this.closed || this.slots[index] !== slot || slot.dead) return;
        const wasReady = slot.ready;
        this.fail(slot, new Error(`Worker exited with code ${code}.`));
        // A worker that worked once is replaced; one that never started is not retried forever.
        if (wasReady) void this.spawn(index).catch(() => undefined);
        else this.bury(slot, new FaceEngineError('INTERNAL', `A face engine worker exited with code ${code} while starting.`));
      });
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift();
      if (!job) break;
      slot.job = job;
      const req: WorkerRequest = { id: job.id, input: job.input, opts: job.opts };
      slot.worker.postMessage(req);
    }
    this.checkDrained();
  }

  private finish(slot: Slot, msg: Extract<WorkerResponse, { id: number }>): void {
    const job = slot.job;
    slot.job = undefined;
    if (job && job.id === msg.id) {
      if (msg.type === 'result') {
        const a = msg.analysis;
        const jpeg = a.croppedFace as unknown as Uint8Array;
        job.resolve({ ...a, croppedFace: Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength) });
      } else {
        job.reject(new FaceEngineError(msg.code, msg.message));
      }
    }
    this.dispatch();
  }

  private fail(slot: Slot, err: Error): void {
    const job = slot.job;
    slot.job = undefined;
    slot.ready = false;
    job?.reject(new FaceEngineError('INTERNAL', 'A face engine worker stopped during the analysis.', { cause: err }));
    this.checkDrained();
  }

  /** A worker that could not start; with none left, waiting jobs would wait forever. */
  private bury(slot: Slot, err: FaceEngineError): void {
    slot.dead = true;
    slot.ready = false;
    void slot.worker.terminate();
    if (this.slots.every((s) => s.dead)) for (const job of this.queue.splice(0)) job.reject(err);
    this.checkDrained();
  }

  private checkDrained(): void {
    if (this.closed && this.drained && this.queue.length === 0 && !this.slots.some((s) => s.job)) {
      const done = this.drained;
      this.drained = undefined;
      done();
    }
  }
}
