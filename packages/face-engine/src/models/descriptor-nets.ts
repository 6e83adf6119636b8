// The two descriptor networks that sit beside face-api's dlib ResNet:
// faceres (HSE-FaceRes, shipped inside @vladmandic/human: 1024-d, trained on
// VGGFace2) and MobileFace (vendored under models/mobileface: 256-d, an
// ArcFace-style 112-px model). Each is a TensorFlow.js graph model run on the
// same tfjs-core instance and wasm backend as Human and face-api.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { registerFileRouter } from './fs-io.js';
import { humanPaths } from './human.js';

export interface DescriptorNets {
  faceres: GraphModel;
  mobileface: GraphModel;
}

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function descriptorNetPaths(): { faceres: string; mobileface: string } {
  return {
    faceres: join(humanPaths().models, 'faceres.json'),
    mobileface: join(packageDir, 'models', 'mobileface', 'mobileface.json'),
  };
}

export async function loadDescriptorNets(): Promise<DescriptorNets> {
  registerFileRouter();
  const paths = descriptorNetPaths();
  const [faceres, mobileface] = await Promise.all([
    loadGraphModel(pathToFileURL(paths.faceres).href),
    loadGraphModel(pathToFileURL(paths.mobileface).href),
  ]);
  return { faceres, mobileface };
}
