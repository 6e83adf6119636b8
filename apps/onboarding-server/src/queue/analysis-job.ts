// The analysis job as it crosses Redis between an API instance and a worker
// (BullMQ queue `analysis`, keys under `onboarding:analysis:*`). The job
// names media, never holds them: the clip is read from the media store and
// the crop written there. The result (checks, scores, the template) is
// sealed with AES-256-GCM under a key the job carries: the API removes the
// job (and so the key) once it has read the result, so the copy BullMQ keeps
// in its event stream is unreadable and no template sits readable in Redis.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ChallengeSpec } from '../services/face.js';
import type { UploadAnalysis } from '../services/upload-analysis.js';

export const ANALYSIS_QUEUE = 'analysis';
export const QUEUE_PREFIX = 'onboarding';

export interface AnalysisJobData {
  /** The upload, in the media store. */
  clipId: string;
  /** Where the worker stores the face crop (selfies). */
  cropId?: string | undefined;
  maxBytes: number;
  challenge?: ChallengeSpec | undefined;
  /** Ms since the epoch after which nobody waits for the result: a worker drops the job. */
  deadline: number;
  /** Base64 key that seals the result. */
  key: string;
}

/** What a worker answers: the analysis, or the engine's refusal of the media (NO_FACE, TOO_LONG…). */
export type AnalysisOutcome = { ok: true; analysis: UploadAnalysis } | { ok: false; code: string; message: string };

type WireAnalysis = Omit<UploadAnalysis, 'template'> & { template: string };
type WireOutcome = { ok: true; analysis: WireAnalysis } | { ok: false; code: string; message: string };

export const newResultKey = (): string => randomBytes(32).toString('base64');

/** The outcome as a sealed string: base64 of IV (12 bytes), tag (16) and ciphertext. */
export function sealOutcome(key: string, outcome: AnalysisOutcome): string {
  const wire: WireOutcome = outcome.ok ? { ok: true, analysis: { ...outcome.analysis, template: encodeTemplate(outcome.analysis.template) } } : outcome;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(wire), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Opens a sealed outcome; throws when it was not sealed with `key` or was altered. */
export function openOutcome(key: string, sealed: string): AnalysisOutcome {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64'), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const wire = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as WireOutcome;
  return wire.ok ? { ok: true, analysis: { ...wire.analysis, template: decodeTemplate(wire.analysis.template) } } : wire;
}

function encodeTemplate(t: Float32Array): string {
  return Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('base64');
}

function decodeTemplate(s: string): Float32Array {
  const bytes = Buffer.from(s, 'base64');
  // A copy on its own aligned buffer (a Buffer's offset into the pool may not be a multiple of 4).
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
