// A tiny autocannon-like load loop, run in a child process so it shares
// neither the server's event loop nor its CPU accounting: `connections`
// keep-alive sockets, each sending GETs back to back for `durationMs`.
import { Agent, request } from 'node:http';

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationMs: number;
}

export interface LoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
  rps: number;
  latencyMs: { p50: number; p99: number; max: number };
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + o.durationMs;
  const one = () =>
    new Promise<void>((resolve) => {
      const t = performance.now();
      const req = request(o.url, { agent, headers: o.headers }, (res) => {
        if ((res.statusCode ?? 0) >= 300) non2xx++;
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - t);
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  await Promise.all(
    Array.from({ length: o.connections }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) / 100;
  return { requests: latencies.length, non2xx, errors, seconds, rps: Math.round(latencies.length / seconds), latencyMs: { p50: at(0.5), p99: at(0.99), max: at(1) } };
}

if (process.send) {
  process.once('message', (o: LoadOptions) => {
    void runLoad(o).then((r) => process.send!(r, () => process.exit(0)));
  });
}
