// Seeded pseudo-random numbers so every attack video is reproducible bit for
// bit from (photo, kind, seed): mulberry32, small and good enough for noise.
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit seed from a string (FNV-1a), so a photo's name picks its seed. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Smooth random motion: a sum of a few sines with seeded frequencies and phases (hand tremor, sway). */
export function smoothNoise(rng: Rng, components = 3, minHz = 0.4, maxHz = 3): (t: number) => number {
  const parts = Array.from({ length: components }, () => ({
    hz: minHz + rng() * (maxHz - minHz),
    phase: rng() * Math.PI * 2,
    amp: 0.5 + rng() * 0.5,
  }));
  const norm = parts.reduce((s, p) => s + p.amp, 0);
  return (t) => parts.reduce((s, p) => s + p.amp * Math.sin(2 * Math.PI * p.hz * t + p.phase), 0) / norm;
}
