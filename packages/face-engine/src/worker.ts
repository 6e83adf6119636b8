// Worker thread: one FaceEngine (models loaded once), jobs one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { FaceEngine } from './engine.js';
import { isFaceEngineError } from './errors.js';
import type { WorkerData, WorkerRequest, WorkerResponse } from './pool-protocol.js';

const port = parentPort;
if (!port) throw new Error('worker.js must run in a worker thread.');

const post = (msg: WorkerResponse, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

FaceEngine.create({ helper: (workerData as WorkerData | undefined)?.helper ?? true }).then(
  (engine) => {
    post({ type: 'ready' });
    port.on('message', (req: WorkerRequest) => {
      engine.analyze(typeof req.input === 'string' ? req.input : Buffer.from(req.input), req.opts).then(
        (analysis) => {
          const template = analysis.template;
          const jpeg = analysis.croppedFace;
          post({ type: 'result', id: req.id, analysis }, [template.buffer as ArrayBuffer, ...(jpeg.byteOffset === 0 && jpeg.byteLength === jpeg.buffer.byteLength ? [jpeg.buffer as ArrayBuffer] : [])]);
        },
        (err: unknown) => {
          const code = isFaceEngineError(err) ? err.code : 'INTERNAL';
          const message = err instanceof Error ? err.message : String(err);
          post({ type: 'error', id: req.id, code, message });
        },
      );
    });
  },
  (err: unknown) => {
    post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
  },
);
