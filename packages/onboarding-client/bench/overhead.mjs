// Client overhead: requests per second of `getAuthentication` through the client (cached
// tokens, error mapping, shape checks) versus the same request made by hand with fetch,
// against one minimal upstream on loopback. Run: pnpm build && pnpm bench. Prints each round
// and writes the medians to docs/benchmarks.md (section client-overhead).
import { createServer } from 'node:http';
import { median, writeBenchSection } from '@alice-face/bench-report';
import { OnboardingClient } from '../dist/index.js';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 4000);
const CONCURRENCY = 8;
const exp = Math.floor(Date.now() / 1000) + 3600;
const token = `e30.${Buffer.from(JSON.stringify({ kind: 'x', exp })).toString('base64url')}.sig`;
const authentication = JSON.stringify({
  authentication: {
    authentication_id: 'a1', created_at: new Date().toISOString(), face_liveness: 90, face_matching: 88,
    media: { video: { extension: 'mp4', href: 'http://x/onboarding/media/m/download', objects: [] } },
  },
});

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(req.url.includes('_token') ? JSON.stringify({ token }) : authentication);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}/onboarding`;

async function measure(label, once) {
  for (let i = 0; i < 200; i += 1) await once(); // warm up sockets and JIT
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < TOTAL) {
      next += 1;
      await once();
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = TOTAL / seconds;
  console.log(`${label.padEnd(28)} ${rate.toFixed(0)} req/s`);
  return rate;
}

const client = new OnboardingClient({ apiKey: 'k', baseUrl });
const byHand = async () => {
  const response = await fetch(`${baseUrl}/user/authentication/a1`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(String(response.status));
  return (await response.json()).authentication;
};
const viaClient = () => client.getAuthentication('user-1', 'a1');

// Alternate the two, three rounds each, and compare medians: the machine is shared, so one
// round alone says little.
const rates = { raw: [], client: [] };
for (let round = 0; round < 3; round += 1) {
  rates.raw.push(await measure('fetch by hand', byHand));
  rates.client.push(await measure('OnboardingClient', viaClient));
}
const [raw, wrapped] = [median(rates.raw), median(rates.client)];
console.log(`medians: by hand ${raw.toFixed(0)} req/s, client ${wrapped.toFixed(0)} req/s`);
console.log(`client keeps ${((wrapped / raw) * 100).toFixed(0)}% of the hand-written throughput (${TOTAL} requests, concurrency ${CONCURRENCY})`);
writeBenchSection({
  name: 'client-overhead',
  title: 'Onboarding client: overhead',
  command: `pnpm --filter @alice-face/onboarding-client bench (BENCH_REQUESTS=${TOTAL})`,
  markdown: `\`getAuthentication\` through the client (cached tokens, error mapping, shape checks) against the same request made by hand with fetch, one minimal upstream on loopback, concurrency ${CONCURRENCY}, ${TOTAL} requests a round, the two alternated for three rounds each (median of the three).

| | requests/s (median) | rounds |
| --- | --- | --- |
| fetch by hand | ${raw.toFixed(0)} | ${rates.raw.map((r) => r.toFixed(0)).join(', ')} |
| OnboardingClient | ${wrapped.toFixed(0)} | ${rates.client.map((r) => r.toFixed(0)).join(', ')} |

The client keeps ${((wrapped / raw) * 100).toFixed(0)}% of the hand-written throughput.`,
});
server.close();
