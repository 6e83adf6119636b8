// Every face Human finds in one RGB frame, as FaceFrame observations.
import type { DecodedFrame, FaceFrame } from '../types.js';
import type { HumanInstance } from '../models/human.js';
import { faceSharpness } from './sharpness.js';

const round = (v: number, d = 2): number => Number(v.toFixed(d));

/** Tight box of the mesh: the face itself, where the detector box adds margin. */
function meshBox(mesh: Array<[number, number, number]>): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of mesh) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return [x0, y0, x1 - x0, y1 - y0];
}

let scratch = new Float32Array(0);

/**
 * `fresh` runs the face detector; otherwise Human re-meshes the boxes it kept
 * from the previous frame's mesh. Human decides whether it may skip from
 * `cacheSensitivity` and the frame it kept from its last decision: it skips
 * when that frame has this one's size and their mean squared difference is
 * at most the setting. A huge value always allows it (skipFrames 2 allows two
 * skips in a row); 0 forbids it and keeps nothing; −1 forbids it and keeps
 * the frame. `first` (a clip's first frame) uses −1 so the clip's first
 * tracked frame is judged against its own clip: with 0 it was compared with
 * the previous clip's last frame, skipped after a clip of the same size and
 * detected afresh after one of another size, so a clip's mesh (up to 17 px)
 * and score (90 or 99 for real-selfie-4) depended on what the thread had
 * analysed before it. Later detected frames use 0 (no difference computed).
 */
export async function detectFrame(
  human: HumanInstance,
  frame: DecodedFrame,
  width: number,
  height: number,
  fresh: boolean,
  first = false,
): Promise<FaceFrame[]> {
  // Float32 in: Human casts an int32 tensor to float itself, slower than this copy (about 4 ms a frame here; same
  // mesh). The wasm backend copies the values when the tensor is made, so one scratch array serves every frame.
  if (scratch.length < frame.rgb.length) scratch = new Float32Array(frame.rgb.length);
  const pixels = scratch.subarray(0, frame.rgb.length);
  pixels.set(frame.rgb);
  const input = human.tf.tensor3d(pixels, [height, width, 3], 'float32');
  let result;
  try {
    result = await human.detect(input, { cacheSensitivity: first ? -1 : fresh ? 0 : 1e9 });
  } finally {
    input.dispose();
  }
  if (result.error) throw new Error(`Face detector failed: ${result.error}`);
  const faces: FaceFrame[] = [];
  for (const f of result.face) {
    if (!f.mesh || f.mesh.length < 468) continue;
    const box = f.box.map((v) => round(v, 1)) as [number, number, number, number];
    const face: FaceFrame = {
      t: frame.t,
      box,
      mesh: f.mesh.map(([x, y, z]) => [round(x), round(y), round(z)] as [number, number, number]),
      score: round(f.score ?? f.faceScore ?? f.boxScore ?? 0, 3),
      sharpness: round(faceSharpness(frame.rgb, width, height, meshBox(f.mesh)), 1),
    };
    const a = f.rotation?.angle;
    if (a) face.rotation = { yaw: round(a.yaw, 4), pitch: round(a.pitch, 4), roll: round(a.roll, 4) };
    faces.push(face);
  }
  return faces;
}
