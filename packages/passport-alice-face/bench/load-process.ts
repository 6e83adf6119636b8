// Load generator in its own process (forked by logins.ts, job in argv):
// `connections` keep-alive clients post logins back to back for
// `durationMs`, each with a fresh authentication id.
import { Agent, request } from 'node:http';

interface Job {
  url: string;
  connections: number;
  durationMs: number;
  userIds: string[];
  tag: string;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
const target = new URL(job.url);
let seq = 0;
let ok = 0;
let failed = 0;
const statuses: Record<number, number> = {};

function once(): Promise<void> {
  const n = seq++;
  // Matches upstream-process.ts's seeding: id n belongs to user n % users.
  const user = job.userIds[n % job.userIds.length];
  const body = JSON.stringify({ authentication_id: `bench-${job.tag}-${n}`, user_id: user });
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
