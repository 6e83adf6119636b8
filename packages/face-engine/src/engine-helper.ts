// The engine's helper: a second thread, with its own copy of Human, that
// works on the same analysis at the same time. While the engine's thread
// detects a clip's later frames it detects the first ones; while the engine
// makes the template it measures the liveness cues. On two or more cores an
// analysis then takes about the time of its longer half. A helper that cannot
// start or dies costs only that: the engine does the work on its own thread.
import { Worker } from 'node:worker_threads';
import type { SecondDetector } from './detect/detect-clip.js';
import { measureLiveness, type LivenessMeasurement } from './liveness/index.js';
import type { DecodedFrames, FaceFrame, FaceTrack } from './types.js';
import { workerScript } from './worker-path.js';

/** The frames' pixels in one buffer, moved to the thread without a copy. */
export type PackedFrames = Omit<DecodedFrames, 'frames'> & { times: number[]; frameBytes: number; pixels: ArrayBuffer };

export type HelperRequest =
  | { type: 'detect'; job: number; width: number; height: number }
  | { type: 'frame'; job: number; k: number; t: number; rgb: Uint8Array }
  | { type: 'end'; job: number }
  | { type: 'measure'; job: number; track: FaceTrack; frames: PackedFrames };

export type HelperResponse =
  | { type: 'ready' }
  | { type: 'no-models'; message: string }
  | { type: 'detected'; job: number; faces: FaceFrame[][] }
  | { type: 'measured'; job: number; measurement: LivenessMeasurement }
  | { type: 'failed'; job: number; message: string };

export function packFrames(frames: DecodedFrames): PackedFrames {
  const { frames: list, ...meta } = frames;
  const frameBytes = list[0]?.rgb.length ?? 0;
  const pixels = new Uint8Array(frameBytes * list.length);
  list.forEach((f, i) => pixels.set(f.rgb, i * frameBytes));
  return { ...meta, times: list.map((f) => f.t), frameBytes, pixels: pixels.buffer };
}

export function unpackFrames(packed: PackedFrames): DecodedFrames {
  const { times, frameBytes, pixels, ...meta } = packed;
  return { ...meta, frames: times.map((t, i) => ({ t, rgb: new Uint8Array(pixels, i * frameBytes, frameBytes) })) };
}

type Waiter = { resolve: (value: never) => void; reject: (err: Error) => void };

export class EngineHelper {
  private worker: Worker | null = null;
  private canDetect = false;
  private nextJob = 1;
  private readonly waiting = new Map<number, Waiter>();
  /** Resolves once the helper can detect (true) or will not (false: it only measures, or is gone). Never rejects. */
  readonly started: Promise<boolean>;

  constructor() {
    let worker: Worker;
    try {
      worker = new Worker(workerScript('engine-helper-thread'), { execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')) });
    } catch {
      this.started = Promise.resolve(false);
      return;
    }
    this.worker = worker;
    worker.unref(); // an idle helper never keeps the process alive
    let settle: (ok: boolean) => void = () => undefined;
    this.started = new Promise((resolve) => { settle = resolve; });
    worker.on('message', (msg: HelperResponse) => {
      if (msg.type === 'ready' || msg.type === 'no-models') {
        this.canDetect = msg.type === 'ready';
        // Again once it runs: the unref() made while it was starting did not let a CLI run exit (Node 20).
        if (this.waiting.size === 0) worker.unref();
        settle(this.canDetect);
        return;
      }
      const wait = this.waiting.get(msg.job);
      this.waiting.delete(msg.job);
      if (this.waiting.size === 0) this.worker?.unref();
      if (!wait) return;
      if (msg.type === 'failed') wait.reject(new Error(msg.message));
      else wait.resolve((msg.type === 'detected' ? msg.faces : msg.measurement) as never);
    });
    const gone = (err: Error): void => {
      this.worker = null;
      this.canDetect = false;
      settle(false);
      for (const wait of this.waiting.values()) wait.reject(err);
      this.waiting.clear();
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`The engine's helper thread exited with code ${code}.`)));
  }

  private expect<T>(job: number): Promise<T> {
    this.worker?.ref(); // keep the process alive while an answer is owed
    return new Promise<T>((resolve, reject) => this.waiting.set(job, { resolve: resolve as (v: never) => void, reject }));
  }

  /** A SecondDetector: the frames are copied to the helper as they arrive; null when it cannot detect or failed. */
  readonly detect: SecondDetector = async (width, height, frameAt) => {
    const worker = this.worker;
    if (!worker || !this.canDetect) return null;
    const job = this.nextJob++;
    const answer = this.expect<FaceFrame[][]>(job);
    answer.catch(() => undefined);
    const send = (msg: HelperRequest, transfer: ArrayBuffer[] = []): void => worker.postMessage(msg, transfer);
    send({ type: 'detect', job, width, height });
    for (let k = 0; ; k++) {
      const frame = await frameAt(k);
      if (!frame) break;
      const rgb = frame.rgb.slice();
      send({ type: 'frame', job, k, t: frame.t, rgb }, [rgb.buffer as ArrayBuffer]);
    }
    send({ type: 'end', job });
    return answer.catch(() => null);
  };

  /**
   * measureLiveness(track, frames) on the helper (the frames copied once into a buffer moved to it), or on this
   * thread when the helper is gone. Rejects only when the measuring itself throws.
   */
  async measure(track: FaceTrack, frames: DecodedFrames): Promise<LivenessMeasurement> {
    const worker = this.worker;
    if (!worker) return measureLiveness(track, frames);
    const job = this.nextJob++;
    const answer = this.expect<LivenessMeasurement>(job);
    const packed = packFrames(frames);
    worker.postMessage({ type: 'measure', job, track, frames: packed } satisfies HelperRequest, [packed.pixels]);
    try {
      return await answer;
    } catch (err) {
      if (this.worker) throw err; // the measuring failed: it would fail here too
      return measureLiveness(track, frames); // the helper died on the way
    }
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.canDetect = false;
    if (worker) await worker.terminate();
  }
}
