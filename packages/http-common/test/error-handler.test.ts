// errorHandler on a real Express app on loopback: each kind of error answered
// in the one JSON shape, pages where the app asks for them, the log told of
// unexpected errors only, and a refused upload answered rather than reset.
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { errorHandler, HttpError, invalidRequest, notFound, retryAfterSeconds, type ErrorHandlerOptions } from '../src/index.js';
import { closeAll, serve } from './serve.js';

afterAll(closeAll);

class ApiDown extends Error {}

async function app(options: ErrorHandlerOptions = {}): Promise<string> {
  const a = express();
  a.use(express.json({ limit: '100b' }));
  a.get('/limited', () => {
    throw new HttpError(429, 'TOO_MANY_ATTEMPTS', 'Wait a minute.', { headers: { 'Retry-After': retryAfterSeconds(59_001) } });
  });
  a.get('/field', () => {
    throw invalidRequest('email', 'The email is not valid.');
  });
  a.get('/bug', () => {
    throw new TypeError('secret internals');
  });
  a.get('/upstream', () => {
    throw new ApiDown('down');
  });
  a.post('/json', (req, res) => void res.json(req.body));
  a.use('/static', express.static(import.meta.dirname, { index: false, fallthrough: false }));
  // Refuses an upload after reading its start, as a size limit on a streamed body does.
  a.post('/upload', (req, _res, next) => {
    req.once('data', () => {
      req.pause();
      next(new HttpError(413, 'TOO_LARGE', 'The upload is too large.'));
    });
  });
  a.use(notFound());
  a.use(errorHandler(options));
  return serve(a);
}

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown });

describe('errorHandler', () => {
  it('answers an HttpError with its status, headers, code, message and details', async () => {
    const url = await app();
    const limited = await fetch(`${url}/limited`);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await json(limited)).toEqual({ status: 429, body: { error: { code: 'TOO_MANY_ATTEMPTS', message: 'Wait a minute.' } } });
    expect(await json(await fetch(`${url}/field`))).toEqual({
      status: 400,
      body: { error: { code: 'INVALID_REQUEST', message: 'The email is not valid.', details: { field: 'email' } } },
    });
    expect(await json(await fetch(`${url}/nowhere?x=1`))).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'No endpoint GET /nowhere.' } } });
    expect(await json(await fetch(`${url}/static/missing.js`))).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Nothing is at this address.' } } });
  });

  it('answers the body parsers’ refusals as 400 INVALID_REQUEST and 413 TOO_LARGE', async () => {
    const url = await app();
    const post = (body: string) => fetch(`${url}/json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(await json(await post('{"a":'))).toEqual({
      status: 400,
      body: { error: { code: 'INVALID_REQUEST', message: 'The body is not valid JSON.', details: { field: 'body' } } },
    });
    const latin = await fetch(`${url}/json`, { method: 'POST', headers: { 'content-type': 'application/json; charset=koi8-r' }, body: '{}' });
    expect(await json(latin)).toEqual({ status: 400, body: { error: { code: 'INVALID_REQUEST', message: 'The request could not be read.', details: { field: 'body' } } } });
    expect(await json(await post(JSON.stringify({ a: 'x'.repeat(200) })))).toEqual({
      status: 413,
      body: { error: { code: 'TOO_LARGE', message: 'The request body is too large.' } },
    });
  });

  it('answers anything else as 500 INTERNAL without internals, and logs only those', async () => {
    const logged: string[] = [];
    const url = await app({ log: (err, req, answer) => logged.push(`${req.path} ${(err as Error).name} ${answer.code}`) });
    const bug = await json(await fetch(`${url}/bug`));
    expect(bug).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'Something went wrong on our side.' } } });
    expect(JSON.stringify(bug)).not.toMatch(/secret|TypeError/);
    await fetch(`${url}/limited`);
    expect(logged).toEqual(['/bug TypeError INTERNAL']);
  });

  it('translates the app’s foreign errors, and logs the 5xx among them', async () => {
    const logged: string[] = [];
    const url = await app({
      translate: (err) => (err instanceof ApiDown ? new HttpError(502, 'UPSTREAM_DOWN', 'The service is down.') : undefined),
      log: (_err, _req, answer) => logged.push(answer.code),
    });
    expect(await json(await fetch(`${url}/upstream`))).toEqual({ status: 502, body: { error: { code: 'UPSTREAM_DOWN', message: 'The service is down.' } } });
    expect((await fetch(`${url}/bug`)).status).toBe(500);
    expect(logged).toEqual(['UPSTREAM_DOWN', 'INTERNAL']);
  });

  it('sends the page the app gives for a request, JSON for the others', async () => {
    const url = await app({ page: (req, err) => (req.path === '/field' ? `<h1>${err.code}</h1>` : undefined) });
    const page = await fetch(`${url}/field`);
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toBe('<h1>INVALID_REQUEST</h1>');
    expect((await fetch(`${url}/limited`)).headers.get('content-type')).toMatch(/^application\/json/);
  });

  /** POSTs `mib` MiB in 64 KiB chunks without a Content-Length, as a browser streams a recording. */
  const upload = (url: string, mib: number) => {
    const chunk = new Uint8Array(64 * 1024);
    let left = mib * 16;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (left-- > 0) controller.enqueue(chunk);
        else controller.close();
      },
    });
    return fetch(`${url}/upload`, { method: 'POST', body, duplex: 'half' } as RequestInit);
  };

  it('answers an upload refused part-way once the client has sent it', async () => {
    const res = await upload(await app(), 8);
    expect(await json(res)).toEqual({ status: 413, body: { error: { code: 'TOO_LARGE', message: 'The upload is too large.' } } });
  });

  it('hangs up on a refused body far beyond 64 MiB instead of reading it all', async () => {
    const outcome = await upload(await app(), 96).then(
      (res) => res.status,
      () => 'connection closed',
    );
    expect(outcome).toBe('connection closed');
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds, at least 1', () => {
    expect(retryAfterSeconds(1)).toBe('1');
    expect(retryAfterSeconds(0)).toBe('1');
    expect(retryAfterSeconds(1_000)).toBe('1');
    expect(retryAfterSeconds(1_001)).toBe('2');
    expect(retryAfterSeconds(900_000)).toBe('900');
  });
});
