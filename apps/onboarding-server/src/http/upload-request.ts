// The media of an upload request (POST /user/selfie, /user/authenticate) as
// the services take it: the multipart `video`, read on demand into this
// instance's temp folder, and the signal of the client going away.
import { receiveUpload } from '@alice-face/multipart-upload';
import type { Request } from 'express';
import type { AppDeps } from '../deps.js';
import type { MediaUpload } from '../services/media-upload.js';
import { abandonSignal } from './abandon-signal.js';

export function mediaUpload(req: Request, deps: Pick<AppDeps, 'maxUploadBytes' | 'media'>): MediaUpload {
  return {
    receive: () => receiveUpload(req, { field: 'video', maxBytes: deps.maxUploadBytes, tempPath: deps.media.tempPath() }),
    signal: abandonSignal(req),
  };
}
