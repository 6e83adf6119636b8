// A real Express app with its own Passport instance, listening on loopback.
// POST /login uses the custom callback (how apps read the failure code);
// POST /login-default uses Passport's default rendering (status + text).
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import { Passport } from 'passport';
import type { Strategy } from 'passport';

export interface TestApp {
  url: string;
  /** How many times the custom callback ran, per request (must always be 1). */
  callbacks: Map<string, number>;
  close(): Promise<void>;
}

export interface LoginResult {
  status: number;
  body: any;
  text: string;
}

let nextRequest = 0;

export async function startApp(strategy: Strategy): Promise<TestApp> {
  const passport = new Passport();
  passport.use(strategy);
  const app = express();
  const callbacks = new Map<string, number>();
  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));
  app.use(passport.initialize());

  app.post('/login', (req: Request, res: Response, next: NextFunction) => {
    const requestId = String(nextRequest++);
    passport.authenticate('alice-face', { session: false }, (err: any, user: any, info: any, status: any) => {
      callbacks.set(requestId, (callbacks.get(requestId) ?? 0) + 1);
      if (res.headersSent) return;
      if (err) return res.status(500).json({ error: { name: err.name, code: err.code, message: err.message } });
      if (!user) return res.status(status ?? 401).json({ challenge: info });
      res.json({ user, info });
    })(req, res, next);
  });

  app.post(
    '/login-default',
    passport.authenticate('alice-face', { session: false }),
    (req: Request, res: Response) => void res.json({ user: req.user, authInfo: req.authInfo }),
  );
  app.use((err: any, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ error: { code: err.code, message: err.message } });
  });

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    callbacks,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Posts JSON (or a urlencoded form with `form: true`) and reads the answer. */
export async function post(
  url: string,
  body: Record<string, string> | undefined,
  options: { form?: boolean; headers?: Record<string, string> } = {},
): Promise<LoginResult> {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (body) {
    headers['content-type'] = options.form ? 'application/x-www-form-urlencoded' : 'application/json';
    payload = options.form ? new URLSearchParams(body).toString() : JSON.stringify(body);
  }
  const res = await fetch(url, { method: 'POST', headers, ...(payload !== undefined ? { body: payload } : {}) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text };
}
