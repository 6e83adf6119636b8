// Shared test plumbing: a real server on a temp data dir (and, in the
// postgres project, its own database, bucket and Redis: backend.ts), token
// helpers and small fetch wrappers. No mocks: every call is HTTP to the real app.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOnboardingServer, type RunningServer, type StartOptions } from '../src/index.js';
import { backendFor, mediaStoreFor } from './backend.js';

/** HTTP helpers for a server at `url` (ending in /onboarding) that accepts `apiKey`. */
export interface ApiHelpers {
  get(path: string, token?: string, headers?: Record<string, string>): Promise<Response>;
  send(method: string, path: string, token: string | undefined, body?: BodyInit, headers?: Record<string, string>): Promise<Response>;
  loginToken(): Promise<string>;
  backendToken(): Promise<string>;
  backendUserToken(userId: string): Promise<string>;
  userToken(userId: string): Promise<string>;
  createUser(fields?: Record<string, string>): Promise<string>;
}

export interface TestServer extends RunningServer, ApiHelpers {
  dataDir: string;
  /** Moves the server's clock (ms). */
  advance(ms: number): void;
  /** Names in the media store (files or objects). */
  mediaFiles(): Promise<string[]>;
  tempFiles(): string[];
  stop(): Promise<void>;
}

export function apiHelpers(url: string, apiKey: string): ApiHelpers {
  const auth = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  const h: ApiHelpers = {
    get: (path, token, headers = {}) => fetch(`${url}${path}`, { headers: { ...auth(token), ...headers } }),
    send: (method, path, token, body, headers = {}) => fetch(`${url}${path}`, { method, body: body ?? null, headers: { ...auth(token), ...headers } }),
    async loginToken() {
      return tokenFrom(await fetch(`${url}/login_token`, { headers: { apikey: apiKey } }));
    },
    async backendToken() {
      return tokenFrom(await h.get('/backend_token', await h.loginToken()));
    },
    async backendUserToken(userId) {
      return tokenFrom(await h.get(`/backend_token/${userId}`, await h.loginToken()));
    },
    async userToken(userId) {
      return tokenFrom(await h.get(`/user_token/${userId}`, await h.loginToken()));
    },
    async createUser(fields = {}) {
      const res = await h.send('POST', '/user', await h.backendToken(), JSON.stringify(fields), { 'content-type': 'application/json' });
      if (res.status !== 200) throw new Error(`createUser: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { user_id: string }).user_id;
    },
  };
  return h;
}

export async function startTestServer(opts: Partial<StartOptions> & { dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'onboarding-test-'));
  let offset = 0;
  const backend = await backendFor(dataDir);
  const server = await startOnboardingServer({ logLevel: 'silent', warmEngine: false, now: () => Date.now() + offset, ...backend, ...opts, dataDir });
  return {
    ...server,
    ...apiHelpers(server.url, server.apiKey),
    dataDir,
    advance: (ms) => (offset += ms),
    async mediaFiles() {
      const media = await mediaStoreFor(dataDir);
      const names: string[] = [];
      for await (const item of media.list()) names.push(item.name);
      await media.close();
      return names;
    },
    tempFiles: () => readdirSync(join(dataDir, 'tmp')),
    async stop() {
      await server.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function tokenFrom(res: Response): Promise<string> {
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export async function errorOf(res: Response): Promise<{ status: number; code: string; message: string; details?: unknown }> {
  const body = (await res.json()) as { error: { code: string; message: string; details?: unknown } };
  return { status: res.status, ...body.error };
}

export function videoForm(data: Uint8Array | Blob, filename = 'clip.mp4', type = 'video/mp4', extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  form.append('video', data instanceof Blob ? data : new Blob([data as BlobPart], { type }), filename);
  return form;
}
