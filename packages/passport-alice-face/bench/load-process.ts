// Load generator in its own process (forked by logins.ts, job in argv):
// `connections` keep-alive clients post logins back to back for
// `durationMs`, going round the upstream's pool of authentications.
import { Agent, request } from 'node:http';

interface Job {
  url: string;
  connections: number;
  durationMs: number;
  pool: Array<{ userId: string; authenticationId: string }>;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
const target = new URL(job.url);
let seq = 0;
let ok = 0;
let failed = 0;
const statuses: Record<number, number> = {};

function once(): Promise<void> {
  const { userId, authenticationId } = job.pool[seq++ % job.pool.length]!;
  const body = JSON.stringify({ authentication_id: authenticationId, user_id: userId });
  return new Promise((resolve) => {
    const req = request(
      { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => {
          statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
          if (res.statusCode === 200) ok++;
          else failed++;
          resolve();
        });
      },
    );
    req.on('error', () => {
      failed++;
      resolve();
    });
    req.end(body);
  });
}

const started = performance.now();
const deadline = started + job.durationMs;
await Promise.all(
  Array.from({ length: job.connections }, async () => {
    while (performance.now() < deadline) await once();
  }),
);
const seconds = (performance.now() - started) / 1000;
agent.destroy();
process.send?.({ ok, failed, statuses, seconds }, () => process.exit(0));
