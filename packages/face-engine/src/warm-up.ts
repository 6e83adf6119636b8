// Each network's first call compiles kernels and is several times slower
// (face-api's descriptor: 200-300 ms cold). Run everything once at start.
import type { HumanInstance } from './models/human.js';
import type { Models } from './models/registry.js';

/** Human's networks alone (the engine's helper thread detects with them). */
export async function warmUpHuman(human: HumanInstance): Promise<void> {
  const tf = human.tf;
  const frame = tf.zeros([256, 256, 3], 'int32');
  try {
    await human.detect(frame);
    // A blank frame has no face, so the mesh and iris nets would stay cold: run every loaded graph once on zeros.
    for (const model of Object.values(human.models.models)) {
      const shape = model?.inputs?.[0]?.shape;
      if (!model || !shape) continue;
      const input = tf.zeros(shape.map((d, i) => (d > 0 ? d : i === 0 ? 1 : 64)), model.inputs[0]?.dtype ?? 'float32');
      const out = model.execute(input);
      tf.dispose(out);
      input.dispose();
    }
  } finally {
    frame.dispose();
  }
}

export async function warmUp(models: Models): Promise<void> {
  const { tf, human, faceapi } = models;
  const chip = tf.zeros([160, 160, 3], 'float32');
  try {
    await warmUpHuman(human);
    await faceapi.detectFaceLandmarks(chip as never);
    await faceapi.computeFaceDescriptor(chip as never);
    for (const net of Object.values(models.nets)) {
      const size = net.inputs[0]?.shape?.[1] ?? 112;
      // Batches of one and two (a photo and its mirror image) compile different kernels.
      for (const batch of [1, 2]) {
        const input = tf.zeros([batch, size, size, 3], 'float32');
        const out = net.execute(input);
        tf.dispose(out);
        input.dispose();
      }
    }
  } finally {
    chip.dispose();
  }
}
