// The browser capture (<face-capture>) is the @alice-face/capture package:
// this app serves its built files as they are, under /static/capture/.
import express, { type RequestHandler } from 'express';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CAPTURE_PATH = '/static/capture';

/** Static handler for the package's dist folder (index.js, its modules, face-capture.css). */
export function captureAssets(): RequestHandler {
  const distDir = dirname(fileURLToPath(import.meta.resolve('@alice-face/capture')));
  return express.static(distDir, { index: false, fallthrough: false });
}
