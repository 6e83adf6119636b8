// Small helpers of the client's methods: the request of an operation, id checks, media ids.
import { invalidArgument } from './errors.js';
import type { HttpMethod, HttpRequest } from './transport.js';

const JSON_HEADERS = { accept: 'application/json' };

export function request(operation: string, method: HttpMethod, path: string): HttpRequest {
  return { operation, method, path, headers: JSON_HEADERS };
}

export function checkId(operation: string, value: string, name = 'userId'): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidArgument(operation, `The ${name} must be a non-empty string.`);
  return value;
}

/** The media id of an id or of an `href` ending in `/media/<id>/download` (never fetched as given). */
export function mediaId(operation: string, idOrHref: string): string {
  checkId(operation, idOrHref, 'media id');
  if (!idOrHref.includes('/')) return idOrHref;
  const match = /\/media\/([^/?#]+)\/download(?:[?#].*)?$/.exec(idOrHref);
  if (!match?.[1]) throw invalidArgument(operation, `Not a media id or media href: ${idOrHref}.`);
  return decodeURIComponent(match[1]);
}
