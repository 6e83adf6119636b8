// Calls of Alice's SDKs the self-hosted server does not implement (it does
// face enrollment and authentication only): 501 NOT_SUPPORTED naming the
// feature, instead of 404 NOT_FOUND, so an SDK user reads why. The table in
// docs/CONTRACT.md lists them beside the supported calls.
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '@alice-face/http-common';

const FEATURES: Array<{ feature: string; name: string; routes: Array<[method: string, path: RegExp]> }> = [
  {
    feature: 'documents',
    name: 'Identity documents are',
    routes: [
      ['GET', /^\/documents\/supported$/],
      ['POST', /^\/user\/document(\/properties)?$/],
      ['PUT', /^\/user\/document$/],
      ['PATCH', /^\/user\/document\/[^/]+$/],
      ['DELETE', /^\/user\/document\/[^/]+$/],
      ['POST', /^\/user\/other-trusted-document$/],
      ['PATCH', /^\/user\/other-trusted-document\/[^/]+$/],
      ['DELETE', /^\/user\/other-trusted-document\/[^/]+$/],
    ],
  },
  { feature: 'certificates', name: 'Certificates are', routes: [['POST', /^\/user\/certificate$/], ['GET', /^\/user\/certificates?(\/[^/]+)?$/]] },
  {
    feature: 'screening',
    name: 'Screening is',
    routes: [['GET', /^\/user\/screening\/search(\/detail)?$/], ['GET', /^\/user\/screening\/monitor$/], ['DELETE', /^\/user\/screening\/monitor$/]],
  },
  { feature: 'identification', name: '1:N identification and user matching are', routes: [['POST', /^\/user\/identify$/], ['GET', /^\/user\/match$/]] },
  { feature: 'duplicates', name: 'Duplicate searches are', routes: [['POST', /^\/duplicates\/search$/], ['GET', /^\/duplicates\/(search\/[^/]+|searches)$/]] },
  {
    feature: 'flows',
    name: 'Onboarding flows are',
    routes: [['GET', /^\/flows?$/], ['POST', /^\/flow$/], ['PATCH', /^\/flow$/], ['DELETE', /^\/flow$/], ['GET', /^\/user\/flow$/], ['PATCH', /^\/user\/flow\/[^/]+$/]],
  },
  { feature: 'feedback', name: 'User feedback is', routes: [['POST', /^\/user\/feedback$/]] },
  // Alice's trial service (the SDKs' Sandbox class, at sandbox_url): any method.
  { feature: 'sandbox', name: 'The sandbox (trial) service is', routes: [['*', /^\/sandbox(\/.*)?$/]] },
];

/** Mounted under /onboarding, after the real routes: answers the unsupported calls, passes the rest on. */
export function unsupported(req: Request, _res: Response, next: NextFunction): void {
  const path = req.path.replace(/\/+$/, '');
  const hit = FEATURES.find((f) => f.routes.some(([method, re]) => (method === '*' || method === req.method) && re.test(path)));
  if (!hit) return next();
  next(
    new HttpError(501, 'NOT_SUPPORTED', `${hit.name} not supported by the self-hosted onboarding server: it does face enrollment and authentication only.`, {
      details: { feature: hit.feature },
    }),
  );
}
