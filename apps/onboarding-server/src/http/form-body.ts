// Reads a small form (JSON, urlencoded or multipart fields) into strings.
// Multipart files are refused: this is for user data, not media.
import type { Request } from 'express';
import busboy from 'busboy';
import { HttpError, invalidRequest } from '@alice-face/http-common';

const MAX_FIELD = 1024;

export async function readForm(req: Request): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) {
    // express.json / express.urlencoded already ran; an absent body is an empty form.
    const body: unknown = req.body;
    if (body === undefined || body === null) return {};
    if (typeof body !== 'object' || Array.isArray(body)) throw invalidRequest('body', 'The body must be a JSON object or a form.');
    return body as Record<string, unknown>;
  }
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fields: 20, fieldSize: MAX_FIELD, files: 4, parts: 24 } });
    } catch {
      reject(invalidRequest('content-type', 'The multipart request has no valid boundary.'));
      return;
    }
    const fields: Record<string, string> = {};
    let failure: HttpError | undefined;
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) failure ??= invalidRequest(name, `The field ${name} is too long.`);
      fields[name] = value;
    });
    bb.on('file', (name, file) => {
      failure ??= invalidRequest(name, `The field ${name} must not be a file.`);
      file.resume();
    });
    bb.on('filesLimit', () => (failure ??= invalidRequest('body', 'This endpoint takes no files.')));
    bb.on('error', () => reject(invalidRequest('body', 'The multipart body is malformed.')));
    bb.on('close', () => (failure ? reject(failure) : resolve(fields)));
    req.pipe(bb);
  });
}
