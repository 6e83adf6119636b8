// A fake Onboarding API upstream on loopback (node:http, port 0): it plays the contract's
// part for the client's tests, records every request, and can be scripted to answer a
// given route with errors, delays, hangs or dropped connections.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeTokens, type Claims } from './fake-tokens.js';
import { route } from './fake-routes.js';

export const PREFIX = '/onboarding';

export interface Recorded {
  method: string;
  /** Path below the /onboarding prefix. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Parsed multipart or urlencoded body, when there was one. */
  form?: FormData;
  /** Claims of the Bearer token sent, when it verified. */
  token?: Claims;
}

export interface Scripted {
  status?: number;
  body?: unknown;
  /** Sent as is instead of JSON. */
  raw?: string;
  headers?: Record<string, string>;
  /** Never answer (for timeouts). */
  hang?: boolean;
  /** Drop the connection without an answer (a reset). */
  destroy?: boolean;
  /** Send the status line and half a body, then nothing more (a stalled body). */
  stallBody?: boolean;
}

export class FakeApi {
  readonly requests: Recorded[] = [];
  readonly tokens: FakeTokens;
  readonly apiKey = 'test-api-key';
  readonly users = new Set<string>();
  url = '';
  private readonly scripts = new Map<string, Scripted[]>();
  private readonly server: Server;
  private userSeq = 0;

  private constructor(readonly now: () => number) {
    this.tokens = new FakeTokens(now);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'INTERNAL', message: String(error) } }));
      });
    });
  }

  static async start(now: () => number = Date.now): Promise<FakeApi> {
    const api = new FakeApi(now);
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    api.url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}${PREFIX}`;
    return api;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Queues answers for `METHOD /path`, served (in order) before the default behaviour. */
  script(method: string, path: string, ...answers: Scripted[]): void {
    const key = `${method} ${path}`;
    this.scripts.set(key, [...(this.scripts.get(key) ?? []), ...answers]);
  }

  /** The next scripted answer for a request, if any (used by the routes after auth passed). */
  takeScript(method: string, path: string): Scripted | undefined {
    return this.scripts.get(`${method} ${path}`)?.shift();
  }

  newUserId(): string {
    this.userSeq += 1;
    const id = `user-${this.userSeq}`;
    this.users.add(id);
    return id;
  }

  /** Requests for `METHOD /path` received so far. */
  calls(method: string, path: string): Recorded[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  reset(): void {
    this.requests.length = 0;
    this.scripts.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: Recorded = {
      method: req.method ?? 'GET',
      path: url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    const type = req.headers['content-type'];
    if (type && /multipart\/form-data|x-www-form-urlencoded/.test(type)) {
      recorded.form = await new Response(body, { headers: { 'content-type': type } }).formData();
    }
    this.requests.push(recorded);
    await route(this, recorded, res);
  }
}

export function send(res: ServerResponse, answer: Scripted): void {
  if (answer.hang) return;
  if (answer.destroy) {
    res.socket?.destroy();
    return;
  }
  if (answer.stallBody) {
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
    res.write('{"report": {');
    return;
  }
  const raw = answer.raw ?? JSON.stringify(answer.body ?? {});
  res.writeHead(answer.status ?? 200, {
    'content-type': answer.raw === undefined ? 'application/json' : 'text/plain',
    ...answer.headers,
  });
  res.end(raw);
}

export function apiError(status: number, code: string, message: string, details?: unknown): Scripted {
  return { status, body: { error: { code, message, ...(details === undefined ? {} : { details }) } } };
}
