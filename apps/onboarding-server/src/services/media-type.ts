// The content type and extension a stored medium is served with, from what
// the engine decoded rather than what the client claimed.
import type { FaceAnalysis } from './face.js';

/** Content type and extension of stored media, from what the engine decoded (not what the client claimed). */
export function mediaType(a: Pick<FaceAnalysis, 'media'>, claimed: { filename: string; mimeType: string }): { contentType: string; extension: string } {
  const f = a.media.format.toLowerCase();
  if (a.media.kind === 'image') {
    if (f.includes('png')) return { contentType: 'image/png', extension: 'png' };
    if (f.includes('webp')) return { contentType: 'image/webp', extension: 'webp' };
    if (f.includes('jp')) return { contentType: 'image/jpeg', extension: 'jpeg' };
    return { contentType: 'application/octet-stream', extension: 'bin' };
  }
  if (f.includes('webm') || f.includes('matroska')) return { contentType: 'video/webm', extension: 'webm' };
  if (f.includes('mov') || f.includes('mp4')) {
    const mov = claimed.mimeType === 'video/quicktime' || /\.mov$/i.test(claimed.filename);
    return mov ? { contentType: 'video/quicktime', extension: 'mov' } : { contentType: 'video/mp4', extension: 'mp4' };
  }
  return { contentType: 'application/octet-stream', extension: 'bin' };
}
