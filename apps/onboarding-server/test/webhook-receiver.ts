// A webhook receiver on loopback for the tests: a plain node:http server that
// records every request (headers, raw body, time) and answers as told. It can
// be stopped and started again on the same port (a receiver that was down).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  /** The status the receiver finished answering with; null while (or if never) answered. */
  answered: number | null;
}

/** What the receiver answers: a status, or `hang` (never answers). */
export type Answer = number | 'hang';

export class Receiver {
  readonly received: Received[] = [];
  answer: Answer = 200;
  /** Extra headers of every answer (a redirect's Location). */
  answerHeaders: Record<string, string> = {};
  /** Wait before answering (a slow receiver). */
  delayMs = 0;
  #server: Server | undefined;
  #port = 0;
  #waiters: Array<{ n: number; resolve: () => void }> = [];

  get url(): string {
    return `http://127.0.0.1:${this.#port}/hook`;
  }

  /** Requests received with this X-Alice-Event. */
  of(event: string): Received[] {
    return this.received.filter((r) => r.headers['x-alice-event'] === event);
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const entry: Received = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), answered: null };
        this.received.push(entry);
        this.#waiters = this.#waiters.filter((w) => (this.received.length >= w.n ? (w.resolve(), false) : true));
        const answer = this.answer;
        if (answer === 'hang') return;
        res.once('finish', () => (entry.answered = answer));
        setTimeout(() => res.writeHead(answer, { 'content-type': 'application/json', ...this.answerHeaders }).end('{"ok":true}'), this.delayMs);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Stops listening (connections refused from now on) and drops open connections. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once `n` requests in all have arrived. */
  waitFor(n: number, timeoutMs = 20_000): Promise<void> {
    if (this.received.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Receiver got ${this.received.length} of ${n} requests in ${timeoutMs} ms.`)), timeoutMs);
      this.#waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}
