// Liveness end to end through the real detector: replay attacks built at test
// time from fixture photos (one per kind) must score below 50; real clips
// (the selfies and the people clips) and each of their 2-s halves (cut with
// ffmpeg here), at or above 50, except the one documented limit below.
// Each cue must fire where it should and stay neutral on the attacks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './support/fixtures.js';
import { ffmpeg, tempDir } from './support/media.js';
import { computeLiveness, LIVENESS_THRESHOLDS } from '../src/liveness/index.js';
import { lipMotion } from '../src/liveness/expression-cue.js';
import { faceTexture } from '../src/liveness/face-texture.js';
import { textureExpression } from '../src/liveness/texture-expression.js';
import { extractFaceTrack } from '../src/track.js';
import type { Check, LivenessResult } from '../src/types.js';
import { ATTACK_KINDS, buildAttack, type AttackKind } from './attacks/index.js';
import type { PairParallax } from '../src/liveness/parallax.js';
import { scoreCues } from '../src/liveness/score.js';

// Kinds of source photo: a 150-px TV crop, a portrait, a half-length photo, a flash booking photo, a child, a retouched studio portrait.
const PHOTOS = ['faces/people/sheldon/sheldon1.png', 'faces/people/kit_harington/john1.jpeg', 'faces/people/alex_lacamoire/img1.jpg',
  'faces/people/meds_s006/S006-02-t10_01.jpg', 'faces/people/azure_family1_son/azure__Family1-Son1.jpg', 'faces/people/yang_mi/photomaker__yangmi_2.jpeg'];
// Real clips: the six selfies and the people clips (two segments of one recording each); name → file.
const REAL: Record<string, string> = {
  ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`real-selfie-${n}`, `videos/real-selfie-${n}.mp4`])),
  ...Object.fromEntries([1, 2].map((n) => [`bearded-man-${n}`, `videos/people/latentsync_demo2_bearded_man/clip-${n}.mp4`])),
  ...Object.fromEntries([1, 2].map((n) => [`woman-s18-${n}`, `videos/people/liveportrait_s18_woman/clip-${n}.mp4`])),
};

const cue = (r: LivenessResult, key: string): Check => {
  const c = r.checks.find((x) => x.key === key);
  if (!c) throw new Error(`No ${key} in ${r.checks.map((x) => x.key).join(', ')}`);
  return c;
};

async function score(file: string): Promise<LivenessResult> {
  const { track, frames, eyes } = await extractFaceTrack(file);
  return computeLiveness(track, frames, eyes);
}

describe.skipIf(!hasFixtures)('computeLiveness on attacks and real selfies', () => {
  const tmp = tempDir('liveness');
  const clip = (name: string): string => (/-h[12]$/.test(name) ? tmp.path(`${name}.mp4`) : fixture(REAL[name]!));
  beforeAll(async () => {
    // The 2-s halves, re-encoded as the bench cuts them (ffmpeg -ss 0|2 -t 2, libx264).
    for (const [name, file] of Object.entries(REAL)) {
      await ffmpeg('-ss', '0', '-t', '2', '-i', fixture(file), '-an', '-c:v', 'libx264', '-crf', '20', tmp.path(`${name}-h1.mp4`));
      await ffmpeg('-ss', '2', '-t', '2', '-i', fixture(file), '-an', '-c:v', 'libx264', '-crf', '20', tmp.path(`${name}-h2.mp4`));
    }
  }, 120_000);
  afterAll(() => tmp.cleanup());

  // Each kind is a family: two seeded replays (the default seed and another: another hand sway, glare path, bend) of two photos.
  it.each(ATTACK_KINDS.map((kind, k) => [kind, PHOTOS[k % PHOTOS.length]!, PHOTOS[(k + 3) % PHOTOS.length]!] as [AttackKind, string, string]))(
    'the %s family (%s, %s; two seeds) scores below 50, with no expression, blink or eye change',
    async (kind, photo, other) => {
      for (const [p, salt] of [[photo, ''], [other, 'fam-']] as const) {
        const file = tmp.path(`${kind}-${salt}${p.replace(/\W+/g, '_')}.mp4`);
        await buildAttack(fixture(p), kind, file, salt);
        const result = await score(file);
        const what = `${kind} of ${p} (seed ${salt || 'default'}): ${JSON.stringify(result.checks)}`;
        expect(result.score, what).toBeLessThan(50);
        expect(cue(result, 'liveness_expression').value ?? 50, what).toBeLessThanOrEqual(50);
        expect(cue(result, 'liveness_blink').value ?? 50, what).toBeLessThanOrEqual(50);
        // The eyes were read on every frame (a shaken print often too fast to follow: those frames are left out) and
        // never changed beyond the rest of the face, well under where that counts.
        expect(result.measures!.eyeCompared, what).toBeGreaterThan(kind === 'shake' ? 2 : 10);
        expect(result.measures!.eyeChange ?? 0, what).toBeLessThan(LIVENESS_THRESHOLDS.eyeChangeMin / 2); // null: face too small to count
      }
    },
    180_000,
  );

  it('counts a parallax ratio only when enough frame pairs show the parallax the mesh\'s way', async () => {
    // Found on the encoding matrix: a screen replay at 360p, 600 kbit/s reached a ratio of 0.67 with 27% of its frame
    // pairs consistent and scored 61. The rule, on a real track with measured pairs replaced: the same ratio counts with
    // every pair consistent and not with none (the general case, real turning heads, is the real-clip tests above).
    const { track } = await extractFaceTrack(fixture('videos/real-selfie-2.mp4'));
    // Ten pairs, each with parallax 0.8× the rest, pointing the mesh's way (cosine 0.3); `consistent` of them clearly so (0.9).
    const pairs = (consistent: number): PairParallax[] => track.frames.slice(1, 11).map((_, k) => ({
      i: k, j: k + 1, meshResidual: 0.02, blocks: 20, blockMedian: 0.006, parallax: 0.01, remaining: 0.0125, agreement: k < consistent ? 0.9 : 0.3,
    }));
    const parallax = (consistent: number): number => cue(scoreCues(track, pairs(consistent), true, null), 'liveness_parallax').value!;
    expect(parallax(4)).toBeGreaterThan(80); // 40% of pairs consistent: the ratio counts (the share alone, under 50%, does not)
    expect(parallax(2)).toBe(50); // 20%: the same ratio is not counted
  }, 120_000);

  // A still, neutral face that does not blink after the clip's first fifth of a second is not shown to be live:
  // no cue separates it from a photo held by a steady hand (src/liveness/README.md, Known limits).
  const QUIET = new Set(['woman-s18-1', 'woman-s18-2', 'woman-s18-1-h1', 'woman-s18-2-h1', 'woman-s18-1-h2', 'woman-s18-2-h2']);
  it.each([...QUIET])('%s (quiet: no blink, turn or expression) is not yet shown to be live', async (name) => {
    expect((await score(clip(name))).score).toBeLessThan(50);
  }, 120_000);

  const names = Object.keys(REAL).flatMap((n) => [n, `${n}-h1`, `${n}-h2`]).filter((n) => !QUIET.has(n));
  for (const name of names) {
    it(`${name} scores 50 or more, with evidence in its checks`, async () => {
      const result = await score(clip(name));
      expect(result.score, JSON.stringify(result.checks)).toBeGreaterThanOrEqual(50);
      expect(result.checks[0]).toMatchObject({ key: 'liveness', value: result.score });
      for (const c of result.checks) {
        expect(c.detail.length).toBeGreaterThan(10);
        if (c.value !== null) expect(c.value).toBeGreaterThanOrEqual(0);
        if (c.value !== null) expect(c.value).toBeLessThanOrEqual(100);
      }
      // At least one positive cue fired (above its neutral 50).
      expect(result.checks.slice(1).some((c) => c.value !== null && c.value > 50)).toBe(true);
    }, 120_000);
  }

  it('sees the expression cue fire on an open mouth (selfie 3, 2nd half) and a smile (selfie 5, 2nd half)', async () => {
    for (const name of ['real-selfie-3-h2', 'real-selfie-5-h2']) {
      const result = await score(clip(name));
      expect(cue(result, 'liveness_expression').value, name).toBeGreaterThan(80);
    }
  }, 120_000);

  it('confirms a smirk with the head still (selfie 5, 1st half) by mesh and texture together, and by neither alone', async () => {
    const { track, frames, eyes } = await extractFaceTrack(clip('real-selfie-5-h1'));
    const result = computeLiveness(track, frames, eyes);
    // The mesh alone: lips 1.5× the rigid points, under its own thresholds; confirmed by the mouth's texture.
    const expression = cue(result, 'liveness_expression');
    expect(expression.value, expression.detail).toBeGreaterThan(80);
    expect(expression.detail).toMatch(/mouth's texture changed 0\.[3-9]\d more than the upper face's/);
    const motion = lipMotion(track)!;
    const texture = faceTexture(track, frames);
    const both = textureExpression(track, texture, motion)!;
    expect(both.held).toBeGreaterThan(0.3);
    expect(both.frames).toBeGreaterThanOrEqual(2);
    // Without the mesh's witness (no frame where its lips moved), the texture is not read.
    const still = { ratio: motion.ratio.map(() => 0.5), lips: motion.lips };
    expect(textureExpression(track, texture, still)).toEqual({ held: 0, peak: 0, frames: 0 });
    // Without the texture's (every frame shows the same pixels, as a photo's mouth would), nothing is confirmed.
    const frozen = { ...frames, frames: frames.frames.map((f) => ({ ...f, rgb: frames.frames[0]!.rgb })) };
    expect(textureExpression(track, faceTexture(track, frozen), motion)!.held).toBeLessThan(0.1);
  }, 120_000);

  it('does not count a mesh expression the mouth\'s texture contradicts (a rolled print the mesh model re-shapes)', async () => {
    // Found on the held-out replay set (seed salt "ho-"): the mesh read 2.8× lip motion in one frame and 2.6× over two
    // on this rotating print, enough for the mesh cue alone (2.5× / 2×), and the clip scored 52.
    const file = tmp.path('penny1-rotate-ho.mp4');
    await buildAttack(fixture('faces/people/penny/penny1.png'), 'rotate', file, 'ho-');
    const { track, frames, eyes } = await extractFaceTrack(file);
    const result = computeLiveness(track, frames, eyes);
    const expression = cue(result, 'liveness_expression');
    expect(expression.detail).toMatch(/the mouth did not change, so the mesh's lip motion is not counted/);
    expect(expression.value).toBe(50);
    expect(result.score).toBeLessThan(50);
  }, 120_000);

  it('sees a blink (selfie 3, 1st half) and does not hold a still head against its flat motion', async () => {
    const result = await score(clip('real-selfie-3-h1'));
    expect(cue(result, 'liveness_blink').value).toBeGreaterThan(80);
    // The head hardly turns: the flat texture motion is not counted as evidence of a photo.
    const flat = cue(result, 'liveness_non_planarity');
    expect(flat.detail).toMatch(/turned only/);
    expect(flat.value!).toBeGreaterThanOrEqual(40);
  }, 120_000);

  it('gives WebM (VP8) and MP4 of the same live clip the same verdict within a few points', async () => {
    for (const n of [1, 3]) {
      const src = fixture(`videos/real-selfie-${n}.mp4`);
      const webm = tmp.path(`selfie-${n}.webm`);
      await ffmpeg('-i', src, '-an', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1M', webm);
      const [a, b] = [await score(src), await score(webm)];
      expect(b.score >= 50, `mp4 ${a.score}, webm ${b.score}`).toBe(a.score >= 50);
      expect(Math.abs(a.score - b.score), `mp4 ${a.score}, webm ${b.score}`).toBeLessThanOrEqual(10);
    }
  }, 240_000);

  it('cannot pass a real selfie on geometry without its frames (the 3-D test needs pixels)', async () => {
    const { track, frames } = await extractFaceTrack(fixture('videos/real-selfie-4.mp4'));
    const without = computeLiveness(track);
    expect(without.score).toBeLessThan(computeLiveness(track, frames).score);
    expect(without.checks.find((c) => c.key === 'liveness_non_planarity')?.detail).toMatch(/No frames/);
  }, 120_000);
});
