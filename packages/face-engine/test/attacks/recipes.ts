// The replay attacks: a still photo made into a ~3.5 s video in each way an
// attacker might try. Motions are smooth and seeded (photo name + kind), so a
// recipe always yields the same video.
import { FRAME_H, FRAME_W, REST, type PlanePose } from './geometry.js';
import { mulberry32, seedOf, smoothNoise } from './random.js';
import { makeBackground, type Scene, type Sheet } from './render.js';

export const ATTACK_KINDS = ['static', 'zoom', 'pan', 'shake', 'rotate', 'tilt', 'bend', 'screen'] as const;
export type AttackKind = (typeof ATTACK_KINDS)[number];

export const ATTACK_SECONDS = 3.5;
const deg = Math.PI / 180;
const T = ATTACK_SECONDS;

/** A hand never holds still: a few pixels of smooth sway on top of the deliberate motion. */
function handSway(seed: number, px: number, rollDeg: number): (t: number) => Partial<PlanePose> {
  const rng = mulberry32(seed);
  const nx = smoothNoise(rng), ny = smoothNoise(rng), nr = smoothNoise(rng);
  return (t) => ({ tx: px * nx(t), ty: px * ny(t), roll: rollDeg * deg * nr(t) });
}

function pose(p: Partial<PlanePose>, sway: Partial<PlanePose> = {}): PlanePose {
  return {
    ...REST,
    ...p,
    tx: (p.tx ?? 0) + (sway.tx ?? 0),
    ty: (p.ty ?? 0) + (sway.ty ?? 0),
    roll: (p.roll ?? 0) + (sway.roll ?? 0),
  };
}

export function buildScene(kind: AttackKind, sheet: Sheet, name: string): Scene {
  const seed = seedOf(`${name}:${kind}`);
  const rng = mulberry32(seed);
  const background = makeBackground(rng, kind === 'screen' ? [40, 42, 48] : [150 + rng() * 60, 140 + rng() * 60, 130 + rng() * 60]);
  const sway = handSway(seed ^ 0x5bd1e995, 3, 0.6);
  const phase = rng() * Math.PI * 2;
  const wave = (hz: number, t: number): number => Math.sin(2 * Math.PI * hz * t + phase);
  switch (kind) {
    case 'static':
      // A print on a stand: nothing moves at all.
      return { background, frame: () => ({ pose: REST }) };
    case 'zoom':
      // Moved towards and away from the camera: 0.75x to 1.35x.
      return { background, frame: (t) => ({ pose: pose({ distance: 1 / (1.05 + 0.3 * wave(1 / T, t)) }, sway(t)) }) };
    case 'pan':
      return { background, frame: (t) => ({ pose: pose({ tx: 110 * wave(1 / T, t), ty: 35 * Math.sin(2 * Math.PI * t / T * 1.6) }, sway(t)) }) };
    case 'shake': {
      const fx = smoothNoise(rng, 4, 2, 7), fy = smoothNoise(rng, 4, 2, 7), fr = smoothNoise(rng, 3, 2, 6), fs = smoothNoise(rng, 3, 1, 4);
      return { background, frame: (t) => ({ pose: pose({ tx: 22 * fx(t), ty: 18 * fy(t), roll: 4 * deg * fr(t), distance: 1 + 0.05 * fs(t) }) }) };
    }
    case 'rotate':
      return { background, frame: (t) => ({ pose: pose({ roll: 25 * deg * wave(1 / T, t) }, sway(t)) }) };
    case 'tilt':
      // A print turned left/right and up/down in front of the camera: the perspective changes over time.
      return {
        background,
        frame: (t) => ({ pose: pose({ yaw: 32 * deg * wave(1 / T, t), pitch: 18 * deg * Math.sin(2 * Math.PI * 0.45 * t + 1) }, sway(t)) }),
      };
    case 'bend': {
      // A print flexed in the hand: a bow that bends one way then the other, plus a travelling ripple.
      const half = sheet.width / 2;
      return {
        background,
        frame: (t) => {
          const bow = 70 * wave(0.6, t);
          const ripple = 14 * Math.sin(2 * Math.PI * 0.9 * t);
          return {
            pose: pose({ ty: sway(t).ty ?? 0, tx: sway(t).tx ?? 0 }),
            bend: (u) => -bow * (1 - (u / half) ** 2) + ripple * Math.sin((Math.PI * u) / half + 2 * Math.PI * 0.5 * t),
          };
        },
      };
    }
    case 'screen':
      return screenScene(sheet, background, seed, sway);
  }
}

/** A photo shown on a phone or monitor screen: pixel grid (moiré), backlight tint, moving glare, sensor noise. */
function screenScene(sheet: Sheet, background: Uint8Array, seed: number, sway: (t: number) => Partial<PlanePose>): Scene {
  const pitch = 2.2 + (seed % 7) * 0.05;
  const tilt = 0.12;
  const glare = smoothNoise(mulberry32(seed + 1), 2, 0.2, 0.6);
  const noise = mulberry32(seed + 2);
  return {
    background,
    frame: (t) => ({
      pose: pose({ yaw: 6 * deg * Math.sin(2 * Math.PI * 0.3 * t) }, sway(t)),
      shade: (u, v) => {
        const g = Math.cos((2 * Math.PI * (u + tilt * v)) / pitch) * Math.cos((2 * Math.PI * (v - tilt * u)) / pitch);
        return 1.02 - 0.16 * (0.5 + 0.5 * g);
      },
    }),
    finish: (rgb, t) => {
      const gx = FRAME_W * (0.5 + 0.3 * glare(t)), gy = FRAME_H * (0.35 + 0.15 * glare(t + 7));
      const r2 = (0.18 * sheet.width) ** 2;
      for (let y = 0; y < FRAME_H; y++) {
        for (let x = 0; x < FRAME_W; x++) {
          const i = (y * FRAME_W + x) * 3;
          const d2 = (x - gx) ** 2 + (y - gy) ** 2;
          const glow = 150 * Math.exp(-d2 / r2);
          const n = (noise() + noise() + noise() - 1.5) * 14;
          rgb[i] = Math.max(0, Math.min(255, rgb[i]! * 0.92 + glow + n));
          rgb[i + 1] = Math.max(0, Math.min(255, rgb[i + 1]! * 0.97 + glow + n));
          rgb[i + 2] = Math.max(0, Math.min(255, rgb[i + 2]! * 1.05 + 6 + glow + n));
        }
      }
    },
  };
}
