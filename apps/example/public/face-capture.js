// face-capture.js: a standalone browser ES module that records a short
// selfie video and uploads it to your own backend, which forwards it to the
// Onboarding API (the browser never holds a token). No dependencies, no build.
//
//   import { createFaceCapture } from '/static/face-capture.js';
//   const capture = createFaceCapture(document.getElementById('capture'), {
//     uploadUrl: '/login/video',                          // your backend's route
//     headers: { 'x-csrf-token': csrf },                  // sent with the upload
//     prepare: async () => ({ steps, fields }),           // per recording: challenge steps, extra fields
//     onUploaded: (json) => { … },                        // your backend's JSON answer
//   });
//
// Options: durationMs (3000), countdownSeconds (3), fieldName ('video'),
// headers ({}), extraFields ({}), prepare, mimeTypes (preference list),
// startLabel, retryLabel, stepPrompts, onRecorded(blob, info),
// onUploaded(json), onError(error), onStateChange(state).
// Without uploadUrl it stops after recording and hands the Blob to onRecorded.
// See apps/example/README.md for the states and error codes.
import { challengeDurationMs, createPrompt, STEP_PROMPTS, validSteps } from './face-challenge.js';

export { challengeDurationMs, STEP_PROMPTS, validSteps };

export const DEFAULT_MIME_TYPES = [
  'video/webm;codecs=vp9',
  'video/webm;codecs=vp8',
  'video/webm',
  'video/mp4;codecs=avc1',
  'video/mp4',
];

/** First type this browser's MediaRecorder can produce, or '' (browser default). */
export function pickMimeType(candidates = DEFAULT_MIME_TYPES) {
  if (typeof MediaRecorder === 'undefined' || typeof MediaRecorder.isTypeSupported !== 'function') return '';
  return candidates.find((type) => MediaRecorder.isTypeSupported(type)) ?? '';
}

/** An Error with a stable `code` and a message written for the person at the camera. */
export class CaptureError extends Error {
  constructor(code, message, details) {
    super(message);
    this.name = 'CaptureError';
    this.code = code;
    this.details = details;
  }
}

/** Maps a getUserMedia failure to a CaptureError a person can act on. */
export function describeCameraError(err) {
  const name = err && err.name;
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return new CaptureError('CAMERA_DENIED', "Camera access was denied. Allow the camera for this site (the camera icon in the address bar), then press Try again.");
  }
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError') {
    return new CaptureError('NO_CAMERA', 'No camera was found. Connect a camera, then press Try again.');
  }
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') {
    return new CaptureError('CAMERA_BUSY', 'The camera could not be started; another app may be using it. Close it, then press Try again.');
  }
  return new CaptureError('CAMERA_ERROR', 'The camera could not be started. Press Try again.');
}

/**
 * POSTs `blob` as multipart field `fieldName` with `headers`, reporting upload progress (0-1)
 * and the moment the bytes are sent (the server is then analysing). Resolves the JSON body;
 * rejects a CaptureError carrying the server's error code and message.
 */
export function uploadWithProgress(url, blob, { headers = {}, fieldName = 'video', filename, extraFields = {}, onProgress, onSent } = {}) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(extraFields)) form.append(key, value);
    form.append(fieldName, blob, filename ?? `selfie.${blob.type.includes('mp4') ? 'mp4' : 'webm'}`);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    xhr.upload.onload = () => onSent?.();
    xhr.onerror = () => reject(new CaptureError('NETWORK', 'The upload failed: check your connection and try again.'));
    xhr.ontimeout = () => reject(new CaptureError('TIMEOUT', 'The upload took too long. Please try again.'));
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON: handled below */
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) return resolve(body);
      const apiError = body && body.error;
      const message = apiError?.message ?? `The upload failed (HTTP ${xhr.status}). Please try again.`;
      reject(new CaptureError(apiError?.code ?? `HTTP_${xhr.status}`, message, { status: xhr.status, retryAfter: xhr.getResponseHeader('Retry-After') }));
    };
    xhr.timeout = 120_000;
    xhr.send(form);
  });
}

const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function createFaceCapture(element, options = {}) {
  const o = { durationMs: 3000, countdownSeconds: 3, fieldName: 'video', headers: {}, extraFields: {}, mimeTypes: DEFAULT_MIME_TYPES,
    startLabel: 'Start recording', retryLabel: 'Try again', stepPrompts: STEP_PROMPTS, ...options };
  let stream = null;
  let state = 'idle';
  let destroyed = false;

  element.classList.add('face-capture');
  const stage = el('div', 'fc-stage');
  const video = el('video', 'fc-video');
  Object.assign(video, { muted: true, autoplay: true, playsInline: true });
  video.setAttribute('aria-label', 'Camera preview');
  const guide = el('div', 'fc-guide');
  guide.setAttribute('aria-hidden', 'true');
  const count = el('div', 'fc-countdown');
  count.setAttribute('aria-hidden', 'true');
  const prompt = createPrompt();
  stage.append(video, guide, count, prompt.element);
  const status = el('p', 'fc-status');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const progress = el('progress', 'fc-progress');
  progress.max = 1;
  progress.hidden = true;
  progress.setAttribute('aria-label', 'Progress');
  const error = el('p', 'fc-error');
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const button = el('button', 'fc-button', o.startLabel);
  button.type = 'button';
  element.replaceChildren(stage, status, progress, error, button);

  function setState(next, message) {
    state = next;
    element.dataset.state = next;
    if (message !== undefined) status.textContent = message;
    button.disabled = !['ready', 'error'].includes(next);
    progress.hidden = !['recording', 'uploading', 'analysing'].includes(next);
    if (next !== 'error') error.hidden = true;
    o.onStateChange?.(next);
  }

  function fail(err) {
    const e = err instanceof CaptureError ? err : new CaptureError(err?.code ?? 'ERROR', err?.message || 'Something went wrong. Please try again.');
    element.dataset.errorCode = e.code;
    error.textContent = e.message;
    error.hidden = false;
    button.textContent = o.retryLabel;
    setState('error', '');
    o.onError?.(e);
  }

  async function openCamera() {
    if (stream) return stream;
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new CaptureError('UNSUPPORTED', 'This browser cannot use the camera here (it needs HTTPS or localhost).');
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } } });
    } catch (err) {
      throw describeCameraError(err);
    }
    video.srcObject = stream;
    await video.play().catch(() => undefined);
    return stream;
  }

  async function preview() {
    setState('starting', 'Starting the camera…');
    try {
      await openCamera();
      if (!destroyed) setState('ready', 'Center your face in the oval, then press the button.');
    } catch (err) {
      fail(err);
    }
  }

  /** Records `durationMs`; `onStart()` runs as recording starts and may return a cleanup. */
  function record(mediaStream, durationMs, onStart) {
    if (typeof MediaRecorder === 'undefined') throw new CaptureError('UNSUPPORTED', 'This browser cannot record video.');
    const mimeType = pickMimeType(o.mimeTypes);
    const recorder = new MediaRecorder(mediaStream, mimeType ? { mimeType } : undefined);
    const chunks = [];
    recorder.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);
    return new Promise((resolve, reject) => {
      recorder.onerror = (e) => reject(new CaptureError('RECORDING_FAILED', `Recording failed${e.error ? `: ${e.error.message}` : ''}. Please try again.`));
      let cleanup;
      recorder.onstop = () => {
        cleanup?.();
        resolve(new Blob(chunks, { type: (recorder.mimeType || mimeType || 'video/webm').split(';')[0] }));
      };
      const started = performance.now();
      const tick = setInterval(() => (progress.value = Math.min(1, (performance.now() - started) / durationMs)), 100);
      recorder.start(250);
      cleanup = onStart?.();
      setTimeout(() => {
        clearInterval(tick);
        if (recorder.state !== 'inactive') recorder.stop();
      }, durationMs);
    });
  }

  /** What `prepare` gives for this recording: steps to prompt (checked), fields to send. */
  async function prepared() {
    const got = (await o.prepare()) ?? {};
    const steps = got.steps ?? [];
    if (!validSteps(steps)) throw new CaptureError('BAD_RESPONSE', 'The steps to follow could not be read. Please try again.');
    return { steps, fields: got.fields ?? {} };
  }

  async function start() {
    if (!['ready', 'error'].includes(state)) return;
    try {
      const mediaStream = await openCamera();
      // `prepare` (a login attempt and its challenge) runs during the countdown,
      // so the recording starts on time whatever the network does.
      const preparing = o.prepare ? prepared() : null;
      preparing?.catch(() => undefined); // awaited after the countdown
      for (let n = o.countdownSeconds; n > 0; n--) {
        setState('countdown', `Recording in ${n}…`);
        count.textContent = String(n);
        await sleep(1000);
      }
      const ready = preparing ? await preparing : { steps: [], fields: {} };
      count.textContent = '';
      const challenge = ready.steps.length > 0;
      const durationMs = challenge ? challengeDurationMs(ready.steps) : o.durationMs;
      setState('recording', challenge ? 'Recording… follow the steps on the screen.' : 'Recording… look at the camera.');
      stage.classList.add('fc-recording');
      const showSteps = challenge ? () => prompt.schedule(ready.steps, o.stepPrompts) : undefined;
      const blob = await record(mediaStream, durationMs, showSteps).finally(() => {
        stage.classList.remove('fc-recording');
        prompt.hide();
      });
      await o.onRecorded?.(blob, { mimeType: blob.type, durationMs, steps: ready.steps });
      if (!o.uploadUrl) return setState('done', 'Recorded.');
      setState('uploading', 'Uploading… 0%');
      progress.value = 0;
      const result = await uploadWithProgress(o.uploadUrl, blob, {
        headers: o.headers,
        fieldName: o.fieldName,
        extraFields: { ...o.extraFields, ...ready.fields },
        onProgress: (p) => {
          progress.value = p;
          status.textContent = `Uploading… ${Math.round(p * 100)}%`;
        },
        onSent: () => {
          progress.removeAttribute('value'); // indeterminate while the server analyses
          setState('analysing', 'Analysing your face…');
        },
      });
      setState('done', 'Done. Checking the result…');
      await o.onUploaded?.(result);
    } catch (err) {
      fail(err);
    }
  }

  button.addEventListener('click', () => void (state === 'error' && !stream ? preview() : start()));
  void preview();

  return {
    start,
    get state() {
      return state;
    },
    /** Stops the camera and empties the element. */
    destroy() {
      destroyed = true;
      stream?.getTracks().forEach((t) => t.stop());
      stream = null;
      element.replaceChildren();
      element.classList.remove('face-capture');
    },
  };
}
