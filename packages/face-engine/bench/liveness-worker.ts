// One scoring process of the liveness bench (bench/liveness.ts forks a few):
// receives clips over IPC, scores each (track from the cache, frames and the
// eyes' region decoded afresh) and sends one row back per clip.
import { computeLiveness } from '../src/liveness/score.js';
import type { BenchRow } from '../src/liveness/bench.js';
import type { BenchClip } from './liveness-set.js';
import { trackCache } from './track-cache.js';

process.on('message', (msg: { clips: BenchClip[]; cacheDir: string }) => {
  void (async () => {
    const extract = trackCache(msg.cacheDir);
    for (const c of msg.clips) {
      let row: BenchRow = { name: c.file, source: c.source, encoding: c.encoding, kind: c.kind, score: 0 };
      try {
        const { track, frames, eyes } = await extract(c.file);
        const r = computeLiveness(track, frames, eyes);
        row = { ...row, score: r.score, ...(r.measures ? { measures: r.measures } : {}) };
      } catch {
        // Unreadable or faceless: not live (score 0).
      }
      process.send!(row);
    }
    process.exit(0);
  })();
});
