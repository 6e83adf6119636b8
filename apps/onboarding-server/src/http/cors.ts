// CORS for the endpoints a browser calls with a user token only, and only
// for the configured origins. Backend-token endpoints never answer a
// cross-origin browser.
import type { NextFunction, Request, Response } from 'express';

const USER_TOKEN_ENDPOINTS: Array<{ path: RegExp; methods: string[] }> = [
  { path: /^\/onboarding\/user\/selfie\/?$/, methods: ['POST'] },
  { path: /^\/onboarding\/user\/authenticate\/?$/, methods: ['POST'] },
  { path: /^\/onboarding\/user\/challenge\/?$/, methods: ['POST'] },
  { path: /^\/onboarding\/user\/status\/?$/, methods: ['GET'] },
  { path: /^\/onboarding\/media\/[^/]+\/download\/?$/, methods: ['GET'] },
];

export function userTokenCors(origins: string[]) {
  const allowed = new Set(origins.map((o) => o.replace(/\/+$/, '')));
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    const endpoint = USER_TOKEN_ENDPOINTS.find((e) => e.path.test(req.path));
    if (!endpoint) return next();
    res.vary('Origin');
    const ok = origin !== undefined && allowed.has(origin);
    if (ok) {
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Expose-Headers': 'Retry-After, Content-Type, Content-Length',
        // The media may be shown in <img>/<video> on the allowed origin.
        'Cross-Origin-Resource-Policy': 'cross-origin',
      });
    }
    if (req.method !== 'OPTIONS') return next();
    if (ok) {
      res.set({
        'Access-Control-Allow-Methods': endpoint.methods.join(', '),
        // Alice's SDKs name themselves in Alice-User-Agent.
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, Alice-User-Agent',
        'Access-Control-Max-Age': '600',
      });
    }
    res.status(204).end();
  };
}
