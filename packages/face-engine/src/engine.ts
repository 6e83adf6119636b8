// In-process engine: models loaded once, then decode -> track -> checks,
// template and liveness for each input. The worker pool runs one per thread.
import sharp from 'sharp';
import { faceSizeCheck, frontalCheck, onlyOneFaceCheck, sharpnessCheck } from './checks/quality.js';
import { CHALLENGE_FAILED_LIVENESS_CAP, CHALLENGE_FRAMES, challengeCheck, checkChallenge } from './challenge/index.js';
import { describeFace } from './embed/describe.js';
import { averageDescriptors, buildTemplate, passesGate } from './embed/template.js';
import { packTemplate, TEMPLATE_VERSION } from './template-format.js';
import { FaceEngineError, isFaceEngineError } from './errors.js';
import { livenessFrames, scoreLiveness } from './liveness-adapter.js';
import { finishLiveness, measureLiveness } from './liveness/index.js';
import { EngineHelper } from './engine-helper.js';
import { loadModels, type Models } from './models/registry.js';
import { trackMedia, type TrackResult } from './track.js';
import type { Analysis, AnalyzeOptions, Check, DecodedFrames, FaceTrack, LivenessResult } from './types.js';
import { warmUp } from './warm-up.js';

/** Faces whose box is shorter than this (px, in the decoded frame) are too small to describe. */
const MIN_FACE_PX = 32;

export class FaceEngine {
  private constructor(
    private readonly models: Models,
    private readonly helper: EngineHelper | null,
  ) {}

  /**
   * Loads the models (once per thread) and runs every network once so the first analysis is not slow. With `helper`
   * (default true) it also starts a helper thread (engine-helper.ts) with its own copy of the detector, which
   * detects part of each clip and measures the liveness cues while this thread does the rest, and waits until that
   * thread is ready or has given up; `helper: false` does everything on this thread.
   */
  static async create(opts: { helper?: boolean } = {}): Promise<FaceEngine> {
    const helper = opts.helper === false ? null : new EngineHelper();
    const models = await loadModels();
    await warmUp(models);
    await helper?.started;
    return new FaceEngine(models, helper);
  }

  /** Stops the helper thread (an idle one never keeps the process alive; this frees it sooner). */
  async close(): Promise<void> {
    await this.helper?.close();
  }

  async track(input: Buffer | string, opts: AnalyzeOptions = {}): Promise<{ track: FaceTrack; frames: DecodedFrames }> {
    const { track, frames } = await guard(trackMedia(input, opts, this.models, false, this.helper?.detect));
    return { track, frames };
  }

  /** Liveness of a clip alone (no template): null for a still image. */
  async liveness(input: Buffer | string, opts: AnalyzeOptions = {}): Promise<{ liveness: number | null; checks: Check[] }> {
    return guard((async () => {
      const { track, frames, eyes } = await trackMedia(input, opts, this.models, true, this.helper?.detect);
      if (track.frames.length === 0) throw new FaceEngineError('NO_FACE', 'No face was found in the media.');
      const result = frames.kind === 'video' ? scoreLiveness(track, frames, await eyes) : null;
      return { liveness: result?.score ?? null, checks: livenessChecks(result, frames.kind) };
    })());
  }

  /**
   * A single-frame template of every tracked frame that passes the template
   * quality gate (a photo's one face always): samples for calibrating and
   * measuring matching, where each frame counts on its own.
   */
  async frameTemplates(input: Buffer | string, opts: AnalyzeOptions = {}): Promise<Array<{ t: number; template: Float32Array }>> {
    return guard((async () => {
      const { track, frames } = await trackMedia(input, opts, this.models, false, this.helper?.detect);
      const usable = track.frames.filter((f) => f.box[3] >= MIN_FACE_PX);
      const sharpest = Math.max(0, ...usable.map((f) => f.sharpness ?? 0));
      const gated = frames.kind === 'image' ? usable.slice(0, 1) : usable.filter((f) => passesGate(f, sharpest));
      const out: Array<{ t: number; template: Float32Array }> = [];
      for (const face of gated) {
        const frame = frames.frames.find((f) => f.t === face.t);
        if (!frame) continue;
        const d = await describeFace(this.models, { rgb: frame.rgb, width: frames.width, height: frames.height }, face, frames.kind === 'image');
        out.push({ t: face.t, template: packTemplate(averageDescriptors([d])) });
      }
      return out;
    })());
  }

  async analyze(input: Buffer | string, opts: AnalyzeOptions = {}): Promise<Analysis> {
    return guard(this.analyzeUnguarded(input, opts));
  }

  private async analyzeUnguarded(input: Buffer | string, opts: AnalyzeOptions): Promise<Analysis> {
    const start = performance.now();
    // A challenge's steps are short: sample more densely unless the caller chose.
    const trackOpts = opts.challenge && opts.frames === undefined ? { ...opts, frames: CHALLENGE_FRAMES } : opts;
    const tracked = await trackMedia(input, trackOpts, this.models, true, this.helper?.detect);
    try {
      return await this.analyzeTracked(tracked, opts, start);
    } catch (err) {
      await tracked.eyes; // a refused or failed analysis answers once its eyes' pass has ended and the staged copy is gone
      throw err;
    }
  }

  private async analyzeTracked({ track, frames, faceCounts, timings, eyes }: TrackResult, opts: AnalyzeOptions, start: number): Promise<Analysis> {
    const usable = track.frames.filter((f) => f.box[3] >= MIN_FACE_PX);
    if (usable.length === 0) {
      throw new FaceEngineError('NO_FACE', track.frames.length ? 'The face is too small to analyse.' : 'No face was found in the media.');
    }
    // Three things at once: the eyes' region is read by a second ffmpeg pass (given its region once the track was known), the
    // helper thread measures the sampled frames' liveness cues, this thread makes the template. `liveness` and `eyes` below are
    // the waits left for the first two, plus scoring.
    const t1 = performance.now();
    // Passive cues keep the default spacing when a challenge sampled more frames (livenessFrames picks them).
    const cues = frames.kind === 'video' ? livenessFrames(track, frames) : null;
    const measuring = cues ? (this.helper ? this.helper.measure(cues.track, cues.frames) : Promise.resolve(measureLiveness(cues.track, cues.frames))) : null;
    measuring?.catch(() => undefined); // awaited below; a failure surfaces there
    const k = opts.embedFrames ?? (frames.kind === 'video' ? 2 : 1);
    const { template, best } = await buildTemplate(this.models, frames, usable, k);
    const t2 = performance.now();
    const measurement = measuring ? await measuring : null;
    const t3 = performance.now();
    const eyeFrames = await eyes;
    const t4 = performance.now();
    const live = cues && measurement ? finishLiveness(cues.track, measurement, eyeFrames) : null;
    const challenge = opts.challenge ? checkChallenge(track, opts.challenge) : undefined;
    // A failed or expired challenge caps liveness: the clip may be a replay of the person.
    const liveness = live && challenge && !challenge.passed ? Math.min(live.score, CHALLENGE_FAILED_LIVENESS_CAP) : (live?.score ?? null);
    const t5 = performance.now();
    const croppedFace = await sharp(Buffer.from(best.portrait.rgb.buffer, best.portrait.rgb.byteOffset, best.portrait.rgb.byteLength), {
      raw: { width: best.portrait.width, height: best.portrait.height, channels: 3 },
    })
      .jpeg({ quality: 88 })
      .toBuffer();
    const checks: Check[] = [
      onlyOneFaceCheck(faceCounts),
      faceSizeCheck(track),
      sharpnessCheck(track),
      frontalCheck(track),
      ...livenessChecks(live, frames.kind).map((c) =>
        c.key === 'liveness' && liveness !== null && c.value !== null && liveness < c.value
          ? { ...c, value: liveness, detail: `${c.detail} Capped at ${CHALLENGE_FAILED_LIVENESS_CAP}: the challenge was not met.` }
          : c),
      ...(challenge ? [challengeCheck(challenge)] : []),
    ];
    return {
      media: {
        kind: frames.kind,
        format: frames.format,
        width: frames.width,
        height: frames.height,
        durationSec: frames.durationSec,
        framesAnalyzed: frames.frames.length,
      },
      numberOfFaces: track.maxFaces,
      checks,
      liveness,
      template,
      templateVersion: TEMPLATE_VERSION,
      croppedFace,
      timings: {
        decode: timings.decode,
        detect: timings.detect,
        embed: Math.round(t2 - t1),
        eyes: Math.round(t4 - t3),
        liveness: Math.round(t3 - t2 + (t5 - t4)),
        total: Math.round(performance.now() - start),
      },
      ...(challenge ? { challenge } : {}),
    };
  }
}

function livenessChecks(result: LivenessResult | null, kind: 'video' | 'image'): Check[] {
  if (!result) {
    const detail = kind === 'image' ? 'A still image has no motion: liveness needs a video.' : 'Liveness could not be measured.';
    return [{ key: 'liveness', value: null, detail }];
  }
  const main = result.checks.find((c) => c.key === 'liveness');
  const rest = result.checks.filter((c) => c.key !== 'liveness');
  return [main ?? { key: 'liveness', value: result.score, detail: `Liveness ${result.score} of 100.` }, ...rest];
}

/** Engine faults become INTERNAL errors; the caller's bad input already carries its own code. */
async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (isFaceEngineError(err)) throw err;
    throw new FaceEngineError('INTERNAL', 'The face engine failed on this input.', { cause: err });
  }
}
