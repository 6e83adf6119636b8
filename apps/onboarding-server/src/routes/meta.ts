// Unauthenticated meta endpoints: healthcheck and the OpenAPI document.
import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { openApiDocument } from '../openapi/document.js';

export function metaRouter(deps: AppDeps): Router {
  const r = Router();
  r.get('/healthcheck', (_req, res) => {
    res.json({ status: 'ok', version: deps.version });
  });
  r.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(deps.version, deps.baseUrl()));
  });
  return r;
}
