// The engine's helper thread (see engine-helper.ts): Human for detecting the
// first frames of a clip, and the liveness measurements (no models).
import { parentPort } from 'node:worker_threads';
import { FrameFeed } from './decode/frame-feed.js';
import { detectVideoFrames } from './detect/detect-clip.js';
import { unpackFrames, type HelperRequest, type HelperResponse } from './engine-helper.js';
import { measureLiveness } from './liveness/index.js';
import { loadHuman, type HumanInstance } from './models/human.js';
import { warmUpHuman } from './warm-up.js';

const port = parentPort;
if (!port) throw new Error('engine-helper-thread.js must run in a worker thread.');
const post = (msg: HelperResponse): void => port.postMessage(msg);
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

let human: HumanInstance | undefined;
const feeds = new Map<number, { feed: FrameFeed; times: number[]; width: number; height: number }>();
// Human keeps tracking state between frames: one clip at a time.
let turn: Promise<unknown> = Promise.resolve();

port.on('message', (req: HelperRequest) => {
  if (req.type === 'measure') {
    try {
      post({ type: 'measured', job: req.job, measurement: measureLiveness(req.track, unpackFrames(req.frames)) });
    } catch (err) {
      post({ type: 'failed', job: req.job, message: message(err) });
    }
  } else if (req.type === 'detect') {
    const job = { feed: new FrameFeed(), times: [] as number[], width: req.width, height: req.height };
    feeds.set(req.job, job);
    const work = async (): Promise<void> => {
      try {
        if (!human) throw new Error('The helper has no models.');
        const faces = await detectVideoFrames(human, job.width, job.height, async (k) => {
          const f = await job.feed.at(k);
          return f && { t: job.times[k] ?? 0, rgb: f.rgb };
        });
        post({ type: 'detected', job: req.job, faces });
      } catch (err) {
        post({ type: 'failed', job: req.job, message: message(err) });
      } finally {
        feeds.delete(req.job);
      }
    };
    turn = turn.then(work, work);
  } else if (req.type === 'frame') {
    const job = feeds.get(req.job);
    if (job) {
      job.times[req.k] = req.t;
      job.feed.push(req.k, req.rgb, job.width, job.height);
    }
  } else {
    feeds.get(req.job)?.feed.end();
  }
});

loadHuman()
  .then(async (loaded) => {
    await warmUpHuman(loaded);
    human = loaded;
    post({ type: 'ready' });
  })
  .catch((err: unknown) => post({ type: 'no-models', message: message(err) }));
