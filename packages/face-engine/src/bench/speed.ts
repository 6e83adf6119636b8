// Speed of a full analysis (decode, detect, template, liveness) of a 4-s
// 512x512 selfie clip on a one-worker pool, and the memory that worker adds
// (with its helper thread unless told otherwise).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mediaToolPath, runFfmpeg } from '../decode/ffmpeg.js';
import { FaceEnginePool } from '../pool.js';
import type { ChallengeSpec } from '../types.js';
import { fixturesDir } from './fixtures.js';
import { quantile } from '@alice-face/bench-report';

export interface SpeedFigures {
  runs: number;
  medianMs: number;
  p95Ms: number;
  /** CPU time of this process per analysis (all its threads: the worker and the main thread; ffmpeg, a child process, not included). */
  cpuMedianMs: number;
  loadAverage: [number, number];
  stages: Record<string, number>;
  rssBeforeMb: number;
  rssAfterMb: number;
}


/** A challenge of two steps in the server's time line (1-s lead-in, 2-s windows): the analysis samples CHALLENGE_FRAMES. */
const CHALLENGE: ChallengeSpec = { steps: [{ kind: 'blink', start: 1, end: 3.5 }, { kind: 'turn_left', start: 3, end: 5.5 }] };

/**
 * `challenge`: time the analysis with a challenge (its denser sampling) instead of the passive one; `helper`: the
 * worker's helper thread (on by default, as in FaceEnginePool).
 */
export async function speedFigures(runs = 10, challenge = false, helper = true): Promise<SpeedFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'face-engine-bench-'));
  try {
    const clip = join(dir, 'selfie-512.mp4');
    const src = join(fixturesDir, 'videos', 'real-selfie-2.mp4');
    await runFfmpeg(['-y', '-i', src, '-t', '4', '-an', '-vf', "crop='min(iw,ih)':'min(iw,ih)',scale=512:512", '-c:v', 'libx264', '-pix_fmt', 'yuv420p', clip], { binary: mediaToolPath() });
    const data = await readFile(clip);
    const rssBefore = process.memoryUsage().rss;
    const pool = new FaceEnginePool({ size: 1, maxQueue: 2, helper });
    try {
      await pool.ready();
      const opts = challenge ? { challenge: CHALLENGE } : {};
      await pool.analyze(data, opts);
      const wall: number[] = [];
      const cpu: number[] = [];
      const loadBefore = loadavg()[0] ?? 0;
      const stages: Record<string, number[]> = {};
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const c = process.cpuUsage();
        const a = await pool.analyze(data, opts);
        wall.push(performance.now() - t);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
        for (const [k, v] of Object.entries(a.timings)) (stages[k] ??= []).push(v);
      }
      const rssAfter = process.memoryUsage().rss;
      return {
        runs,
        medianMs: Math.round(quantile(wall, 0.5)),
        p95Ms: Math.round(quantile(wall, 0.95)),
        cpuMedianMs: Math.round(quantile(cpu, 0.5)),
        loadAverage: [Number(loadBefore.toFixed(1)), Number((loadavg()[0] ?? 0).toFixed(1))],
        stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(quantile(v, 0.5))])),
        rssBeforeMb: Math.round(rssBefore / 1e6),
        rssAfterMb: Math.round(rssAfter / 1e6),
      };
    } finally {
      await pool.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
