// The upload: the recording as one multipart POST to your backend, with
// XMLHttpRequest because fetch reports no upload progress.
import { CaptureError } from './errors.js';

export interface UploadOptions {
  /** Request headers (a CSRF token). `Accept: application/json` is always sent. */
  headers?: Record<string, string>;
  /** Multipart field of the recording (default `video`). */
  fieldName?: string;
  /** File name sent with it (default `selfie.webm` or `selfie.mp4` after the blob's type). */
  filename?: string;
  /** More multipart fields, sent before the recording. */
  extraFields?: Record<string, string>;
  /** Upload progress, 0 to 1. */
  onProgress?: (fraction: number) => void;
  /** Every byte is sent: the backend is now working on it. */
  onSent?: () => void;
  /** Milliseconds before giving up (default 120000). */
  timeoutMs?: number;
}

type ApiAnswer = { error?: { code?: string; message?: string } } | null;

function parseJson(text: string): ApiAnswer {
  try {
    return JSON.parse(text) as ApiAnswer;
  } catch {
    return null; // not JSON: a refusal without the API's shape
  }
}

/**
 * POSTs `blob` to `url`. Resolves the JSON body of a 2xx answer; rejects a
 * CaptureError: `NETWORK`, `TIMEOUT`, or the backend's own `{ error: { code, message } }`
 * (`HTTP_<status>` and a generic message when the body has none).
 */
export function uploadWithProgress(url: string, blob: Blob, options: UploadOptions = {}): Promise<unknown> {
  const { headers = {}, fieldName = 'video', extraFields = {}, onProgress, onSent } = options;
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(extraFields)) form.append(key, value);
    form.append(fieldName, blob, options.filename ?? `selfie.${blob.type.includes('mp4') ? 'mp4' : 'webm'}`);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded / e.total);
    };
    xhr.upload.onload = () => onSent?.();
    xhr.onerror = () => reject(new CaptureError('NETWORK', 'The upload failed: check your connection and try again.'));
    xhr.ontimeout = () => reject(new CaptureError('TIMEOUT', 'The upload took too long. Please try again.'));
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && body) return resolve(body);
      const apiError = body?.error;
      const message = apiError?.message ?? `The upload failed (HTTP ${xhr.status}). Please try again.`;
      reject(new CaptureError(apiError?.code ?? `HTTP_${xhr.status}`, message, { status: xhr.status, retryAfter: xhr.getResponseHeader('Retry-After') }));
    };
    xhr.timeout = options.timeoutMs ?? 120_000;
    xhr.send(form);
  });
}
