// The component tests' backend on loopback: serves the test page, the
// package's built files (dist/) under a CSP as strict as the example's, and
// POST /upload, which keeps what it received and answers as the test set.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join } from 'node:path';

const packageDir = join(import.meta.dirname, '..', '..');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; object-src 'none'";

export interface ReceivedUpload {
  headers: IncomingMessage['headers'];
  fields: Record<string, string>;
  file: { field: string; name: string; type: string; bytes: Buffer } | null;
}

/** What POST /upload answers next: status, JSON body, extra headers. */
export interface UploadAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  uploads: ReceivedUpload[];
  answer: UploadAnswer;
  close(): Promise<void>;
}

async function parseUpload(req: IncomingMessage, url: string): Promise<ReceivedUpload> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const form = await new Request(url, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }).formData();
  const received: ReceivedUpload = { headers: req.headers, fields: {}, file: null };
  for (const [field, value] of form) {
    if (typeof value === 'string') received.fields[field] = value;
    else received.file = { field, name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
  }
  return received;
}

function fileFor(path: string): string | null {
  if (path === '/') return join(packageDir, 'test', 'page', 'index.html');
  if (path === '/harness.js') return join(packageDir, 'test', 'page', 'harness.js');
  if (path.startsWith('/dist/') && basename(path) === path.slice('/dist/'.length)) return join(packageDir, 'dist', basename(path));
  return null;
}

export async function startTestServer(): Promise<TestServer> {
  const state = { uploads: [] as ReceivedUpload[], answer: { status: 200, body: { ok: true } } as UploadAnswer };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://test').pathname;
      if (req.method === 'POST' && path === '/upload') {
        state.uploads.push(await parseUpload(req, `http://test${path}`));
        const { status, body, headers = {} } = state.answer;
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
        return;
      }
      const file = req.method === 'GET' ? fileFor(path) : null;
      const content = file ? await readFile(file).catch(() => null) : null;
      if (!file || !content) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP }).end(content);
    })().catch((err: Error) => res.writeHead(500).end(err.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
