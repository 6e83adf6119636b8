// face-api (node-wasm build) for the 68-point landmarks and the 128-d dlib
// ResNet descriptor. Its build requires the umbrella `@tensorflow/tfjs`
// package, which is not installed (it drags in webgl, layers and data); the
// parts face-api uses live in tfjs-core + tfjs-converter, so that one
// require is answered with them while face-api loads. It then shares the
// wasm backend Human already initialised (one tfjs-core instance).
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs-core';
import { installChainedOps } from './chained-ops.js';

const require = createRequire(import.meta.url);

export interface FaceApiPoint {
  x: number;
  y: number;
}

export interface FaceApiInstance {
  nets: {
    faceLandmark68Net: { loadFromDisk(dir: string): Promise<void> };
    faceRecognitionNet: { loadFromDisk(dir: string): Promise<void> };
  };
  detectFaceLandmarks(input: tfTypes.Tensor3D): Promise<{ positions: FaceApiPoint[] }>;
  computeFaceDescriptor(input: tfTypes.Tensor3D): Promise<Float32Array>;
}

type LoadFn = (request: string, parent: unknown, isMain: boolean) => unknown;

export function faceApiPaths(): { dist: string; models: string } {
  const dist = dirname(require.resolve('@vladmandic/face-api'));
  return { dist, models: join(dist, '..', 'model') };
}

export async function loadFaceApi(): Promise<FaceApiInstance> {
  installChainedOps();
  const { dist, models } = faceApiPaths();
  const mod = Module as unknown as { _load: LoadFn };
  const original = mod._load;
  const tfjs = { ...(require('@tensorflow/tfjs-core') as object), ...(require('@tensorflow/tfjs-converter') as object) };
  mod._load = function load(this: unknown, request, parent, isMain) {
    if (request === '@tensorflow/tfjs') return tfjs;
    return original.call(this, request, parent, isMain);
  };
  let faceapi: FaceApiInstance;
  try {
    faceapi = require(join(dist, 'face-api.node-wasm.js')) as FaceApiInstance;
  } finally {
    mod._load = original;
  }
  await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(models);
  return faceapi;
}
