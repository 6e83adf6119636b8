// Human (node-wasm build) configured for what the engine needs: several faces
// per frame, 478-point mesh with iris, head rotation; everything else off.
// Its package exports refuse the node-wasm subpath, so it is required by file.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerFileRouter } from './fs-io.js';

const require = createRequire(import.meta.url);


export interface HumanFace {
  box: [number, number, number, number];
  mesh: Array<[number, number, number]>;
  score: number;
  boxScore: number;
  faceScore: number;
  rotation?: { angle: { roll: number; yaw: number; pitch: number } } | null;
}

export interface HumanResult {
  face: HumanFace[];
  error: string | null;
}

export interface HumanGraphModel {
  inputs: Array<{ shape?: number[]; dtype?: 'float32' | 'int32' }>;
  execute(input: unknown): import('@tensorflow/tfjs-core').Tensor | import('@tensorflow/tfjs-core').Tensor[];
}

export interface HumanInstance {
  models: { models: Record<string, HumanGraphModel | null | undefined> };
  load(config?: object): Promise<void>;
  init(): Promise<void>;
  detect(input: unknown, config?: object): Promise<HumanResult>;
  tf: typeof import('@tensorflow/tfjs-core');
  config: Record<string, unknown>;
}

export function humanPaths(): { dist: string; models: string } {
  const dist = dirname(require.resolve('@vladmandic/human'));
  return { dist, models: join(dist, '..', 'models') };
}

export async function loadHuman(): Promise<HumanInstance> {
  registerFileRouter();
  const { dist, models } = humanPaths();
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  const mod = require(join(dist, 'human.node-wasm.js')) as { Human: new (config: object) => HumanInstance };
  const human = new mod.Human({
    backend: 'wasm',
    wasmPath: wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`,
    wasmPlatformFetch: false,
    modelBasePath: `${pathToFileURL(models).href}/`,
    debug: false,
    async: false,
    warmup: 'none',
    cacheSensitivity: 0,
    filter: { enabled: false },
    gesture: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: true, maxDetected: 5, skipFrames: 2, skipTime: 1e9, minConfidence: 0.4, iouThreshold: 0.1, return: false },
      mesh: { enabled: true },
      iris: { enabled: true },
      attention: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
  });
  await human.init();
  await human.load();
  return human;
}
