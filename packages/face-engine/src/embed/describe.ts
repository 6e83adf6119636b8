// 128-d dlib ResNet descriptor of one tracked face, through face-api:
// 1. an eye-level chip from Human's mesh (eyes level, scaled by the
//    eye-to-mouth distance, which yaw barely changes);
// 2. face-api's 68 landmarks on that chip, mapped back to the frame;
// 3. dlib's own 150x150 face chip from those landmarks (what the network was
//    trained on; face-api's landmark-box crop measured worse here);
// 4. for a single image, the mean of the descriptors of the chip and its
//    mirror image (test-time flip: it pulls genuine pairs together more than
//    impostors); a clip averages frames instead, which does the same job.
import type { Models } from '../models/registry.js';
import type { FaceFrame } from '../types.js';
import { eyeLevelChip, paddedBox, portraitCrop, type Chip } from './align.js';
import { dlibChip } from './dlib-chip.js';
import type { RgbImage } from './warp.js';

export interface Described {
  descriptor: Float32Array;
  chip: Chip;
  /** The dlib chip the descriptor was computed from. */
  crop: RgbImage;
  /** Eye-level square portrait for display. */
  portrait: RgbImage;
}

function toTensor(models: Models, img: RgbImage) {
  return models.tf.tensor3d(Float32Array.from(img.rgb), [img.height, img.width, 3], 'float32');
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
  const crop = dlibChip(frame, inFrame);
  const t = toTensor(models, crop);
  const mirrored = flip ? models.tf.reverse(t, 1) : undefined;
  try {
    const descriptor = Float32Array.from(await models.faceapi.computeFaceDescriptor(t));
    if (mirrored) {
      const b = await models.faceapi.computeFaceDescriptor(mirrored as typeof t);
      for (let i = 0; i < descriptor.length; i++) descriptor[i] = ((descriptor[i] ?? 0) + (b[i] ?? 0)) / 2;
    }
    return { descriptor, chip, crop, portrait: portraitCrop(frame, chip, paddedBox(points)) };
  } finally {
    t.dispose();
    mirrored?.dispose();
  }
}
