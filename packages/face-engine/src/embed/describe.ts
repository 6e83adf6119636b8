// The three descriptors of one tracked face:
// 1. an eye-level chip from Human's mesh (eyes level, scaled by the
//    eye-to-mouth distance, which yaw barely changes);
// 2. face-api's 68 landmarks on that chip, mapped back to the frame;
// 3. dlib's own 150×150 chip from those landmarks → the 128-d dlib ResNet
//    descriptor (face-api's port);
// 4. the ArcFace 5-point crop from the same landmarks → faceres (224 px with
//    a 15% margin) and MobileFace (112 px);
// 5. with `flip` (a single image), each descriptor is the mean of the crop's
//    and its mirror image's (test-time flip); a clip averages frames instead.
import type { Tensor, Tensor3D } from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { Models } from '../models/registry.js';
import type { TemplateParts } from '../template-format.js';
import type { FaceFrame } from '../types.js';
import { eyeLevelChip, paddedBox, portraitCrop, type Chip } from './align.js';
import { arcfaceCrop } from './arcface-align.js';
import { dlibChip } from './dlib-chip.js';
import type { RgbImage } from './warp.js';

/** faceres's crop: 224 px, the ArcFace template with this margin around it. */
const FACERES_SIZE = 224;
const FACERES_MARGIN = 0.15;
const MOBILEFACE_SIZE = 112;

export interface Described {
  descriptors: TemplateParts;
  chip: Chip;
  /** Eye-level square portrait for display. */
  portrait: RgbImage;
}

function toTensor(models: Models, img: RgbImage): Tensor3D {
  return models.tf.tensor3d(Float32Array.from(img.rgb), [img.height, img.width, 3], 'float32');
}

/** Runs a graph model on the crop (and its mirror image) and returns the mean of the output of length `length`. */
async function runNet(models: Models, net: GraphModel, crop: RgbImage, length: number, flip: boolean): Promise<Float32Array> {
  const { tf } = models;
  const input = tf.tidy(() => {
    const t = tf.expandDims(toTensor(models, crop), 0);
    return flip ? tf.concat([t, tf.reverse(t, 2)], 0) : t;
  });
  let outputs: Tensor[] = [];
  try {
    const out = net.execute(input);
    outputs = Array.isArray(out) ? out : [out];
    const descriptor = outputs.find((o) => o.shape.at(-1) === length);
    if (!descriptor) throw new Error(`The descriptor net returned no ${length}-value output.`);
    const values = await descriptor.data<'float32'>();
    const rows = values.length / length;
    const mean = new Float32Array(length);
    for (let r = 0; r < rows; r++) for (let i = 0; i < length; i++) mean[i] = (mean[i] ?? 0) + (values[r * length + i] ?? 0) / rows;
    return mean;
  } finally {
    input.dispose();
    tf.dispose(outputs);
  }
}

async function dlibDescriptor(models: Models, crop: RgbImage, flip: boolean): Promise<Float32Array> {
  const t = toTensor(models, crop);
  const mirrored = flip ? models.tf.reverse(t, 1) : undefined;
  try {
    const descriptor = Float32Array.from(await models.faceapi.computeFaceDescriptor(t));
    if (mirrored) {
      const b = await models.faceapi.computeFaceDescriptor(mirrored);
      for (let i = 0; i < descriptor.length; i++) descriptor[i] = ((descriptor[i] ?? 0) + (b[i] ?? 0)) / 2;
    }
    return descriptor;
  } finally {
    t.dispose();
    mirrored?.dispose();
  }
}

export async function describeFace(models: Models, frame: RgbImage, face: FaceFrame, flip = true): Promise<Described> {
  const chip = eyeLevelChip(frame, face);
  const chipTensor = toTensor(models, chip.image);
  let points;
  try {
    points = (await models.faceapi.detectFaceLandmarks(chipTensor)).positions;
  } finally {
    chipTensor.dispose();
  }
  const m = chip.toSource;
  const inFrame = points.map((p) => ({ x: m.ox + p.x * m.ux + p.y * m.vx, y: m.oy + p.x * m.uy + p.y * m.vy }));
  const descriptors: TemplateParts = {
    dlib: await dlibDescriptor(models, dlibChip(frame, inFrame), flip),
    faceres: await runNet(models, models.nets.faceres, arcfaceCrop(frame, inFrame, FACERES_SIZE, FACERES_MARGIN), 1024, flip),
    mobileface: await runNet(models, models.nets.mobileface, arcfaceCrop(frame, inFrame, MOBILEFACE_SIZE), 256, flip),
  };
  return { descriptors, chip, portrait: portraitCrop(frame, chip, paddedBox(points)) };
}
