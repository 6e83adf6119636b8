// Unauthenticated meta endpoints: healthcheck and the OpenAPI document.
import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { openApiDocument } from '../openapi/document.js';

export function metaRouter(deps: AppDeps): Router {
  const r = Router();
  r.get('/healthcheck', async (_req, res) => {
    // Which ffmpeg decodes uploads (its path stays in the start-up log).
    const { source, version } = await deps.ffmpeg();
    res.json({ status: 'ok', version: deps.version, ffmpeg: { source, version } });
  });
  r.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(deps.version, deps.baseUrl()));
  });
  return r;
}
