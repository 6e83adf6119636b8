// `pnpm bench` (webhooks): the delay from a change to its delivery (a user
// created, to user_created arriving at a receiver on loopback: the event's
// created_at, taken in the change's transaction, to the arrival), and the
// events per second one instance delivers to that receiver (answering 204
// at once, in a child process) from an outbox filled beforehand. Prints JSON
// lines and writes them as tables to docs/benchmarks.md (section webhooks).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchLog, load1 as load, quantile, writeBenchSection } from '@alice-face/bench-report';
import { destination } from 'pino';
import { createLogger } from '../logger.js';
import { startOnboardingServer, type StartOptions } from '../server.js';
import type { Arrival } from './webhook-receiver.js';

const DELAY_RUNS = Number(process.env.BENCH_WEBHOOK_DELAY_RUNS ?? 200);
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2000);
const log = new BenchLog();
const print = (o: Record<string, unknown>) => log.print(o);

class ReceiverChild {
  readonly #child: ChildProcess;
  readonly port: Promise<number>;
  #next: ((a: Arrival[]) => void) | undefined;

  constructor() {
    this.#child = fork(fileURLToPath(new URL('./webhook-receiver.js', import.meta.url)));
    this.port = new Promise((resolve) => this.#child.once('message', (m: { port: number }) => resolve(m.port)));
    this.#child.on('message', (m: { arrivals?: Arrival[] }) => m.arrivals && this.#next?.(m.arrivals));
  }
  /** The next `n` arrivals. */
  next(n: number): Promise<Arrival[]> {
    return new Promise((resolve) => {
      this.#next = resolve;
      this.#child.send({ want: n });
    });
  }
  stop(): void {
    this.#child.send({ stop: true });
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-bench-webhooks-'));
  const logger = createLogger('info', destination({ dest: '/dev/null', sync: false }));
  const receiver = new ReceiverChild();
  const url = `http://127.0.0.1:${await receiver.port}/hook`;
  const start = (webhooks: StartOptions['webhooks']) =>
    startOnboardingServer({ dataDir, logger, warmEngine: false, tokenRateLimit: false, apiKey: 'bench_webhooks_key_0123456789', webhooks: { allowPrivate: true, httpHosts: ['127.0.0.1'], ...webhooks } });
  try {
    let server = await start({});
    const call = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${server.url}${path}`, init);
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, string>>;
    };
    const login = (await call('/login_token', { headers: { apikey: server.apiKey } })).token!;
    const backend = { authorization: `Bearer ${(await call('/backend_token', { headers: { authorization: `Bearer ${login}` } })).token!}`, 'content-type': 'application/json' };
    await call('/webhook', { method: 'POST', headers: backend, body: JSON.stringify({ post_url: url, secret: randomBytes(20).toString('hex'), event_name: 'user_created' }) });
    const createUser = () => call('/user', { method: 'POST', headers: backend, body: '{}' });

    // 1. One change at a time: created_at of the event → arrival.
    await createUser();
    await receiver.next(1);
    const delays: number[] = [];
    for (let i = 0; i < DELAY_RUNS; i++) {
      await createUser();
      const [a] = await receiver.next(1);
      delays.push(a!.at - Date.parse(a!.createdAt));
    }
    print({ bench: 'webhook_change_to_delivery', runs: DELAY_RUNS, median_ms: quantile(delays, 0.5), p95_ms: quantile(delays, 0.95), max_ms: Math.max(...delays), loadavg_1m: load() });

    // 2. Throughput: the outbox filled by an instance that does not deliver, then drained by one that does.
    await server.close();
    for (const concurrency of [8, 32]) {
      server = await start({ dispatch: false });
      for (let i = 0; i < EVENTS; i += 20) await Promise.all(Array.from({ length: Math.min(20, EVENTS - i) }, createUser));
      await server.close();
      const arrived = receiver.next(EVENTS);
      const cpu = process.cpuUsage();
      server = await start({ concurrency });
      const got = await arrived;
      const used = process.cpuUsage(cpu);
      await server.close();
      const seconds = (got.at(-1)!.at - got[0]!.at) / 1000;
      print({
        bench: 'webhook_delivery_throughput', events: EVENTS, concurrency, distinct_deliveries: new Set(got.map((a) => a.deliveryId)).size,
        first_to_last_s: Math.round(seconds * 100) / 100, events_per_s: Math.round((EVENTS - 1) / seconds),
        server_cpu_us_per_event: Math.round((used.user + used.system) / EVENTS), loadavg_1m: load(),
      });
    }
    writeBenchSection({
      name: 'webhooks',
      title: 'Onboarding server: webhook delivery',
      command: `pnpm bench (onboarding-server: node dist/bench/webhooks.js, BENCH_WEBHOOK_DELAY_RUNS=${DELAY_RUNS}, BENCH_WEBHOOK_EVENTS=${EVENTS})`,
      markdown: `Delay: a user created, to its \`user_created\` event arriving at a receiver on loopback (the event's \`created_at\`, taken in the change's transaction, to the arrival), one change at a time. Throughput: an outbox of ${EVENTS} events filled by an instance that does not deliver, then drained by one that does, at two delivery concurrencies; the server CPU per event does not depend on what else runs.\n\n${log.tables()}`,
    });
  } finally {
    receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
