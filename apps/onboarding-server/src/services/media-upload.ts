// What the upload endpoints hand their service: the request's media, read
// only when the service asks (after its checks, so a refused request's body
// is never stored), and the signal of a client that gave up. The route makes
// it from the request (http/upload-request.ts); services never see Express.
import type { Upload } from '@alice-face/multipart-upload';

export interface MediaUpload {
  /** Streams the multipart `video` to a temp file under the size limit; the service removes or adopts it. */
  receive(): Promise<Upload>;
  /** Aborted when the client closed the connection before its answer. */
  signal: AbortSignal;
}
