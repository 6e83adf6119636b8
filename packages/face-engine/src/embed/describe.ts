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
  /** Each model's descriptor; faceres is absent when it was left for a batch (`faceresCrop`). */
  descriptors: Partial<TemplateParts> & Pick<TemplateParts, 'dlib' | 'mobileface'>;
  /** faceres's input, when its descriptor was left for `describeFaceresBatch`. */
  faceresCrop?: RgbImage;
  chip: Chip;
  /** Eye-level square portrait for display. */
  portrait: RgbImage;
}

function toTensor(models: Models, img: RgbImage): Tensor3D {
  return models.tf.tensor3d(Float32Array.from(img.rgb), [img.height, img.width, 3], 'float32');
}

/** Runs a graph model on a batch of crops and returns each one's output of length `length`. */
async function runNetRows(models: Models, net: GraphModel, crops: RgbImage[], length: number): Promise<Float32Array[]> {
  const { tf } = models;
  const input = tf.tidy(() => tf.stack(crops.map((c) => toTensor(models, c))));
  let outputs: Tensor[] = [];
  try {
    const out = net.execute(input);
    outputs = Array.isArray(out) ? out : [out];
    const descriptor = outputs.find((o) => o.shape.at(-1) === length);
    if (!descriptor) throw new Error(`The descriptor net returned no ${length}-value output.`);
    const values = await descriptor.data<'float32'>();
    return crops.map((_, r) => values.slice(r * length, (r + 1) * length));
  } finally {
    input.dispose();
    tf.dispose(outputs);
  }
}

/** The net's descriptor of the crop; with `flip`, the mean of the crop's and its mirror image's. */
async function runNet(models: Models, net: GraphModel, crop: RgbImage, length: number, flip: boolean): Promise<Float32Array> {
  const rows = await runNetRows(models, net, flip ? [crop, mirror(crop)] : [crop], length);
  const mean = new Float32Array(length);
  for (const row of rows) for (let i = 0; i < length; i++) mean[i] = (mean[i] ?? 0) + (row[i] ?? 0) / rows.length;
  return mean;
}

function mirror(img: RgbImage): RgbImage {
  const out = new Uint8Array(img.rgb.length);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const s = (y * img.width + x) * 3;
      const d = (y * img.width + (img.width - 1 - x)) * 3;
      out[d] = img.rgb[s] ?? 0;
      out[d + 1] = img.rgb[s + 1] ?? 0;
      out[d + 2] = img.rgb[s + 2] ?? 0;
    }
  }
  return { rgb: out, width: img.width, height: img.height };
}

/** faceres descriptors of several frames left for a batch (one call for all: cheaper per frame than one call each). */
export async function describeFaceresBatch(models: Models, described: Described[]): Promise<void> {
  const pending = described.filter((d) => d.faceresCrop && !d.descriptors.faceres);
  if (pending.length === 0) return;
  const rows = await runNetRows(models, models.nets.faceres, pending.map((d) => d.faceresCrop!), 1024);
  pending.forEach((d, i) => {
    d.descriptors.faceres = rows[i]!;
    delete d.faceresCrop;
  });
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

/**
 * `flip`: average each descriptor with its mirror image's (a single photo).
 * `faceres: 'later'` leaves faceres (the costliest net) for
 * `describeFaceresBatch`, so a clip's frames share one call.
 */
export async function describeFace(models: Models, frame: RgbImage, face: FaceFrame, flip = true, faceres: 'now' | 'later' = 'now'): Promise<Described> {
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
  const descriptors: Described['descriptors'] = {
    dlib: await dlibDescriptor(models, dlibChip(frame, inFrame), flip),
    mobileface: await runNet(models, models.nets.mobileface, arcfaceCrop(frame, inFrame, MOBILEFACE_SIZE), 256, flip),
  };
  const faceresCrop = arcfaceCrop(frame, inFrame, FACERES_SIZE, FACERES_MARGIN);
  const portrait = portraitCrop(frame, chip, paddedBox(points));
  if (faceres === 'later') return { descriptors, faceresCrop, chip, portrait };
  descriptors.faceres = await runNet(models, models.nets.faceres, faceresCrop, 1024, flip);
  return { descriptors, chip, portrait };
}
