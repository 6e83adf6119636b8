// Challenge steps on real selfies: every segment of test/challenge/SEGMENTS.md
// passes a one-step challenge for what the person does there and fails one for
// what they do not; order and timing violations fail; a replay of a real clip
// on a simulated screen passes only a challenge it happens to contain, and a
// failed challenge caps face_liveness below 50.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './support/fixtures.js';
import { ffmpeg, tempDir } from './support/media.js';
import { readSegments } from './challenge/segments.js';
import { CHALLENGE_FAILED_LIVENESS_CAP, CHALLENGE_FRAMES, checkChallenge, type ChallengeSpec, type ChallengeStepKind } from '../src/challenge/index.js';
import { FaceEngine } from '../src/engine.js';
import { extractFaceTrack } from '../src/track.js';
import type { FaceTrack } from '../src/types.js';

const LEAD = 0.3;
const one = (kind: ChallengeStepKind, end: number): ChallengeSpec => ({ steps: [{ kind, start: LEAD, end }] });

describe.skipIf(!hasFixtures)('challenge steps on real selfies', () => {
  const tmp = tempDir('challenge');
  // Per kind: segments where it happens and was seen / where it does not and was seen anyway (the README figures).
  const figures = new Map<ChallengeStepKind, { hit: string[]; shows: number; falses: string[]; absent: number }>();
  const tally = (kind: ChallengeStepKind) => figures.get(kind) ?? figures.set(kind, { hit: [], shows: 0, falses: [], absent: 0 }).get(kind)!;
  afterAll(() => {
    const rows = [...figures].map(([k, f]) => `${k} ${f.hit.length}/${f.shows} (${f.hit.join(', ')}) false ${f.falses.length}/${f.absent}`);
    if (rows.length) console.log(`challenge figures: ${rows.join('; ')}`);
    tmp.cleanup();
  });

  describe.each(readSegments())('segment $id ($clip $from-$to s)', (seg) => {
    let track: FaceTrack;
    const duration = seg.to - seg.from;
    beforeAll(async () => {
      const out = tmp.path(`${seg.id}.mp4`);
      await ffmpeg('-ss', String(seg.from), '-i', fixture(`videos/${seg.clip}.mp4`), '-t', String(duration), '-an',
        ...(seg.flip ? ['-vf', 'hflip'] : []), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out);
      ({ track } = await extractFaceTrack(out, { frames: CHALLENGE_FRAMES }));
    }, 120_000);

    it.each(seg.shows)('sees %s', (kind) => {
      const r = checkChallenge(track, one(kind, duration));
      const f = tally(kind);
      f.shows++;
      if (r.passed) f.hit.push(seg.flip ? `${seg.id} mirrored` : seg.id);
      expect(r.reason).toMatch(/All 1 steps/);
      expect(r.steps[0]).toMatchObject({ kind, seen: true, inWindow: true, passed: true });
      expect(r.steps[0]!.strength).toBeGreaterThanOrEqual(1);
    });

    it.each(seg.absent)('does not see %s', (kind) => {
      const r = checkChallenge(track, one(kind, duration));
      const f = tally(kind);
      f.absent++;
      if (r.steps[0]?.seen) f.falses.push(seg.id);
      expect(r.passed).toBe(false);
      expect(r.steps[0]).toMatchObject({ kind, seen: false, passed: false });
      expect(r.reason).toMatch(/was not seen/);
    });
  });

  describe('order and timing (real-selfie-3: blinks at 0.4 and 1.3 s, mouth open at 2.3 and 2.9 s)', () => {
    let track: FaceTrack;
    beforeAll(async () => {
      ({ track } = await extractFaceTrack(fixture('videos/real-selfie-3.mp4'), { frames: CHALLENGE_FRAMES }));
    }, 120_000);

    it('passes the steps in order, each in its window', () => {
      const r = checkChallenge(track, { steps: [{ kind: 'blink', start: 0.2, end: 1.6 }, { kind: 'open_mouth', start: 1.8, end: 3.4 }] });
      expect(r.passed).toBe(true);
      expect(r.steps.map((s) => s.at! < 1.6)).toEqual([true, false]);
    });

    it('fails when a step happened outside its window', () => {
      const r = checkChallenge(track, { steps: [{ kind: 'open_mouth', start: 0.2, end: 1.6 }, { kind: 'blink', start: 1.8, end: 3.4 }] });
      expect(r.passed).toBe(false);
      expect(r.steps[0]).toMatchObject({ seen: true, inWindow: false, passed: false });
      expect(r.reason).toMatch(/Step 1 \(open your mouth\) was seen at 2\.\d s, outside its time/);
    });

    it('fails when the steps came in the wrong order, even in wide windows', () => {
      const r = checkChallenge(track, { steps: [{ kind: 'open_mouth', start: 0.2, end: 3.9 }, { kind: 'blink', start: 0.2, end: 3.9 }] });
      expect(r.steps[0]!.passed).toBe(true);
      expect(r.steps[1]).toMatchObject({ seen: true, inWindow: true, inOrder: false, passed: false });
      expect(r.reason).toMatch(/out of order/);
    });

    it('fails an expired challenge without looking', () => {
      const r = checkChallenge(track, { steps: [{ kind: 'blink', start: 0.2, end: 1.6 }], expired: true });
      expect(r).toMatchObject({ passed: false, reason: expect.stringMatching(/expired/) });
    });
  });

  describe('a real clip replayed on a simulated screen', () => {
    let engine: FaceEngine;
    const replay = tmp.path('replay.mp4');
    beforeAll(async () => {
      engine = await FaceEngine.create();
      // The clip shown on a screen: shrunk into a dark bezel, a backlight tint, the panel's noise and a slow drift.
      await ffmpeg('-i', fixture('videos/real-selfie-3.mp4'), '-an', '-filter_complex',
        'color=c=0x202428:s=512x480:r=30[bezel];[0:v]scale=400:-2,eq=brightness=0.04:saturation=0.85[panel];' +
        '[bezel][panel]overlay=x=(W-w)/2+6*sin(t):y=(H-h)/2+4*cos(t):shortest=1,noise=alls=8:allf=t',
        '-c:v', 'libx264', '-pix_fmt', 'yuv420p', replay);
    }, 180_000);

    it('fails a challenge it does not contain, and face_liveness drops below 50', async () => {
      const a = await engine.analyze(replay, { challenge: { steps: [{ kind: 'turn_left', start: 0.5, end: 2 }, { kind: 'smile', start: 2, end: 3.9 }] } });
      expect(a.challenge?.passed).toBe(false);
      expect(a.liveness).toBeLessThanOrEqual(CHALLENGE_FAILED_LIVENESS_CAP);
      expect(a.checks.find((c) => c.key === 'challenge')).toMatchObject({ value: 0, detail: expect.stringMatching(/not seen/) });
      expect(a.checks.find((c) => c.key === 'liveness')!.value).toBe(a.liveness);
    }, 180_000);

    it('passes the challenge it happens to contain (a fixed one), so the cap comes from the challenge alone', async () => {
      const passive = await engine.analyze(replay);
      const a = await engine.analyze(replay, { challenge: { steps: [{ kind: 'blink', start: 0.2, end: 1.6 }, { kind: 'open_mouth', start: 1.8, end: 3.4 }] } });
      expect(a.challenge).toMatchObject({ passed: true });
      expect(a.checks.find((c) => c.key === 'challenge')!.value).toBe(100);
      expect(passive.challenge).toBeUndefined();
      expect(passive.checks.some((c) => c.key === 'challenge')).toBe(false);
      // Not capped: whatever the passive cues say stands. They are scored on every
      // second of the 30 frames, the spacing of the default 15 they were calibrated at.
      expect(a.liveness).toBeGreaterThan(CHALLENGE_FAILED_LIVENESS_CAP);
      expect(Math.abs(a.liveness! - passive.liveness!)).toBeLessThanOrEqual(10);
    }, 180_000);
  });
});
