// What <face-capture> tells the page: its states and its events (CustomEvents
// on the element, bubbling; the payload is `event.detail`).
import type { ChallengeStep, ShownPrompt } from './challenge.js';
import type { CaptureError } from './errors.js';

/** Also the element's `data-state` attribute (`idle` until it is connected). */
export type CaptureState = 'idle' | 'starting' | 'ready' | 'countdown' | 'recording' | 'uploading' | 'analysing' | 'done' | 'error';

/** What a `prepare` function gives for one recording. */
export interface Prepared {
  /** Challenge steps to prompt while recording; none: a passive recording of `durationMs`. */
  steps?: ChallengeStep[];
  /** Multipart fields to send with this recording (a login attempt's id). */
  fields?: Record<string, string>;
}

export interface RecordedDetail {
  blob: Blob;
  /** The blob's type, without codecs (`video/webm`, `video/mp4`). */
  mimeType: string;
  durationMs: number;
  steps: ChallengeStep[];
}

export interface FaceCaptureEventMap {
  statechange: CustomEvent<{ state: CaptureState }>;
  /** Each second of the countdown, from `countdownSeconds` down to 1. */
  countdown: CustomEvent<{ seconds: number }>;
  /** A prompt appeared: the lead-in (index 0), then each step in order. */
  challengestep: CustomEvent<ShownPrompt>;
  /** The recording stopped. */
  recorded: CustomEvent<RecordedDetail>;
  /** Upload progress, 0 to 1. */
  uploadprogress: CustomEvent<{ fraction: number }>;
  /** Your backend accepted the recording: its JSON answer. */
  uploaded: CustomEvent<{ response: unknown }>;
  /** Anything that stopped the capture; the element shows `error.message` and offers to try again. */
  captureerror: CustomEvent<{ error: CaptureError }>;
}
