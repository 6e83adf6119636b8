// Logins per second through an Express app: the strategy (`POST /login`) vs
// the same app doing the one upstream fetch by hand (`POST /by-hand`, the same
// OnboardingClient call plus the two threshold checks; and `POST /raw-fetch`,
// plain fetch with cached tokens, for reference). Upstream and load
// generator run in their own processes, outside the app's event loop. The upstream is the real
// onboarding server (BENCH_UPSTREAM=stand-in for the test stand-in); see upstream-process.ts.
// The logins go round its pool of real authentications, one per user, so the strategy here accepts
// them for an hour (they are made before the runs) and claims each login under its own key in a
// real MemoryReplayStore: the replay check costs what it costs for a fresh id, and every login passes.
// Asserts one upstream request per login in the steady state, counted at the app's fetch.
// Run: pnpm bench (or node --import tsx bench/logins.ts).
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { writeBenchSection } from '@alice-face/bench-report';
import { OnboardingClient } from '@alice-face/onboarding-client';
import express from 'express';
import { Passport } from 'passport';
import { AliceFaceStrategy, MemoryReplayStore, type ReplayStore } from '../src/index.js';
import type { PoolEntry } from './upstream-process.js';

const USERS = 20;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 2) * 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);

type Counts = Record<string, number>;
const child = fork(new URL('./upstream-process.ts', import.meta.url), [], {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, BENCH_USERS: String(USERS) },
});
const { url, apiKey, pool, mode } = await new Promise<{ url: string; apiKey: string; pool: PoolEntry[]; mode: string }>((resolve, reject) => {
  child.once('message', resolve as (m: unknown) => void);
  child.once('exit', (code) => reject(new Error(`The upstream exited with ${code} before it was ready.`)));
});
const userIds = new Set(pool.map((p) => p.userId));

// Every request the app makes upstream (client and raw fetch), by route.
const counted: Counts = { login_token: 0, backend_token: 0, user_token: 0, authentication: 0, other: 0 };
const countingFetch: typeof fetch = (input, init) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
  const route = /\/login_token$/.test(path) ? 'login_token'
    : /\/backend_token(\/|$)/.test(path) ? 'backend_token'
    : /\/user_token(\/|$)/.test(path) ? 'user_token'
    : /\/user\/authentication\/[^/]+$/.test(path) ? 'authentication' : 'other';
  counted[route]! += 1;
  return fetch(input, init);
};
const counts = async (): Promise<Counts> => ({ ...counted });

const client = new OnboardingClient({ apiKey, baseUrl: url, fetch: countingFetch });
const passport = new Passport();
const replays = new MemoryReplayStore();
let claims = 0;
const replayStore: ReplayStore = { claim: (id, ttlSeconds) => replays.claim(`${id}#${++claims}`, ttlSeconds) };
passport.use(new AliceFaceStrategy({ client, userId: (req) => req.body.user_id, maxAgeSeconds: 3600, replayStore }, async (userId) => ({ id: userId })));
const app = express();
app.use(express.json());
app.use(passport.initialize());
app.post('/login', (req, res, nxt) => {
  passport.authenticate('alice-face', { session: false }, (err: Error | null, user: unknown, info: unknown, status?: number) => {
    if (err) return res.status(500).json({ error: err.message });
    if (!user) return res.status(status ?? 401).json(info);
    res.json({ user, info });
  })(req, res, nxt);
});
app.post('/by-hand', async (req, res) => {
  try {
    const authentication = await client.getAuthentication(req.body.user_id, req.body.authentication_id);
    const pass = (authentication.face_liveness ?? -1) >= 50 && (authentication.face_matching ?? -1) >= 50;
    if (!pass) return void res.status(401).json({ code: 'REFUSED' });
    res.json({ user: { id: req.body.user_id }, info: { authentication } });
  } catch (err) {
    res.status(500).json({ error: (err as Error).message });
  }
});
// The leanest hand-written version: plain fetch with a per-user token kept in
// a Map (no client), for reference.
const tokens = new Map<string, Promise<string>>();
const getJson = async (path: string, headers: Record<string, string>) => {
  const res = await countingFetch(`${url}${path}`, { headers });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as Record<string, any>;
};
const loginToken = getJson('/login_token', { apikey: apiKey }).then((b) => b.token as string);
const userToken = (user: string): Promise<string> => {
  let token = tokens.get(user);
  if (!token) {
    token = loginToken.then(async (t) => (await getJson(`/backend_token/${user}`, { authorization: `Bearer ${t}` })).token as string);
    tokens.set(user, token);
  }
  return token;
};
app.post('/raw-fetch', async (req, res) => {
  try {
    const token = await userToken(req.body.user_id);
    const { authentication } = await getJson(`/user/authentication/${encodeURIComponent(req.body.authentication_id)}`, { authorization: `Bearer ${token}` });
    const pass = (authentication.face_liveness ?? -1) >= 50 && (authentication.face_matching ?? -1) >= 50;
    if (!pass) return void res.status(401).json({ code: 'REFUSED' });
    res.json({ user: { id: req.body.user_id }, info: { authentication } });
  } catch (err) {
    res.status(500).json({ error: (err as Error).message });
  }
});
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

interface LoadResult { ok: number; failed: number; statuses: Record<number, number>; seconds: number }
async function load(path: string, durationMs: number): Promise<LoadResult> {
  const job = { url: `${base}${path}`, connections: CONNECTIONS, durationMs, pool };
  const loader = fork(new URL('./load-process.ts', import.meta.url), [JSON.stringify(job)], { execArgv: ['--import', 'tsx'] });
  return new Promise((resolve, reject) => {
    loader.once('message', (m) => resolve(m as LoadResult));
    loader.once('exit', (code) => reject(new Error(`The load generator exited with ${code} before reporting.`)));
  });
}

// Warm-up: JIT, keep-alive sockets, and every user's token in the client's cache.
await load('/login', 3000);
await load('/by-hand', 3000);
await load('/raw-fetch', 3000);

// Interleaved A-B, B-A rounds so that drift in the machine's load (other
// processes share these 2 cores) falls on both sides alike.
const VARIANTS = { strategy: '/login', byHand: '/by-hand', rawFetch: '/raw-fetch' } as const;
type Variant = keyof typeof VARIANTS;
// Also the app process's CPU time per login: unlike throughput, it hardly
// depends on what else the machine is doing.
const totals: Record<Variant, { ok: number; seconds: number; cpuUs: number }> = {
  strategy: { ok: 0, seconds: 0, cpuUs: 0 }, byHand: { ok: 0, seconds: 0, cpuUs: 0 }, rawFetch: { ok: 0, seconds: 0, cpuUs: 0 },
};
const pairRatios: number[] = [];
let logins = 0;
const before = await counts();
for (let round = 0; round < ROUNDS; round++) {
  const names = Object.keys(VARIANTS) as Variant[];
  const order = round % 2 === 0 ? names : [...names].reverse();
  const rate: Record<string, number> = {};
  for (const key of order) {
    const cpu = process.cpuUsage();
    const r = await load(VARIANTS[key], DURATION_MS);
    const used = process.cpuUsage(cpu);
    totals[key].cpuUs += used.user + used.system;
    if (r.failed > 0) throw new Error(`${key}: ${r.failed} requests failed (${JSON.stringify(r.statuses)}).`);
    totals[key].ok += r.ok;
    totals[key].seconds += r.seconds;
    rate[key] = r.ok / r.seconds;
    logins += r.ok;
  }
  pairRatios.push(rate.strategy! / rate.byHand!);
}
const after = await counts();
const delta = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));

const strategy = totals.strategy.ok / totals.strategy.seconds;
const byHand = totals.byHand.ok / totals.byHand.seconds;
const rawFetch = totals.rawFetch.ok / totals.rawFetch.seconds;
const ratio = strategy / byHand;
console.log(`connections ${CONNECTIONS}, ${ROUNDS} interleaved rounds of ${DURATION_MS / 1000} s per side, ${userIds.size} users, node ${process.version}`);
console.log(mode === 'server'
  ? `upstream: the real onboarding server on loopback (a process; ${pool.length} authentications made through its API and face engine)`
  : 'upstream: the test stand-in on loopback');
console.log(`strategy (passport-alice-face): ${strategy.toFixed(0)} logins/s`);
console.log(`by hand (one client fetch):     ${byHand.toFixed(0)} logins/s`);
console.log(`by hand (raw fetch, no client): ${rawFetch.toFixed(0)} logins/s (strategy = ${((strategy / rawFetch) * 100).toFixed(1)}% of it)`);
const cpuPerLogin = (v: Variant) => (totals[v].cpuUs / totals[v].ok).toFixed(0);
const cpuRatio = totals.byHand.cpuUs / totals.byHand.ok / (totals.strategy.cpuUs / totals.strategy.ok);
console.log(
  `app CPU per login: strategy ${cpuPerLogin('strategy')} µs, by hand ${cpuPerLogin('byHand')} µs, raw fetch ${cpuPerLogin('rawFetch')} µs` +
    ` (CPU-bound ratio: ${(cpuRatio * 100).toFixed(1)}%)`,
);
console.log(`ratio: ${(ratio * 100).toFixed(1)}% (target >= 80%) ${ratio >= 0.8 ? 'PASS' : 'FAIL'}; per round: ${pairRatios.map((r) => `${(r * 100).toFixed(0)}%`).join(' ')}`);
console.log(`upstream requests during ${logins} measured logins: ${JSON.stringify(delta)}`);

// Steady state: exactly one upstream request per login, no token traffic.
const tokenRequests = (delta.login_token ?? 0) + (delta.backend_token ?? 0) + (delta.user_token ?? 0);
const onePerLogin = delta.authentication === logins && tokenRequests === 0 && (delta.other ?? 0) === 0;
console.log(`one upstream request per login: ${onePerLogin ? 'PASS' : 'FAIL'}`);
writeBenchSection({
  name: 'strategy-logins',
  title: 'Strategy: logins per second',
  command: `pnpm --filter passport-alice-face bench${mode === 'server' ? '' : ' (BENCH_UPSTREAM=stand-in)'}`,
  markdown: `One Express app, ${CONNECTIONS} keep-alive connections from a separate process, ${ROUNDS} interleaved rounds of ${DURATION_MS / 1000} s per route, ${userIds.size} users; upstream: ${mode === 'server' ? `the real onboarding server on loopback (a process; ${pool.length} authentications made through its API and face engine)` : 'the test stand-in on loopback'}.

| route | logins/s | app CPU per login |
| --- | --- | --- |
| the strategy | ${strategy.toFixed(0)} | ${cpuPerLogin('strategy')} µs |
| by hand (one client fetch, both threshold checks) | ${byHand.toFixed(0)} | ${cpuPerLogin('byHand')} µs |
| by hand (raw fetch, cached tokens, no client) | ${rawFetch.toFixed(0)} | ${cpuPerLogin('rawFetch')} µs |

Strategy over the hand-written route: ${(ratio * 100).toFixed(1)}% of the throughput (target at least 80%; per round ${pairRatios.map((r) => `${(r * 100).toFixed(0)}%`).join(', ')}), ${(cpuRatio * 100).toFixed(1)}% by CPU per login. Upstream requests during ${logins} measured logins: ${JSON.stringify(delta)} (one per login: ${onePerLogin ? 'yes' : 'NO'}).`,
});

server.close();
server.closeAllConnections();
const exited = new Promise((resolve) => child.once('exit', resolve));
child.send({ close: true });
await exited;
if (!onePerLogin || ratio < 0.8) process.exitCode = 1;
