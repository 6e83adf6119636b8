// <face-capture>: opens the camera when connected (stops it when removed),
// and on its button counts down, records (prompting a challenge's steps) and
// uploads to your backend with progress. Configured by attributes (upload-url,
// field-name, duration-ms, countdown-seconds, start-label, retry-label) and
// properties (headers, extraFields, prepare, stepPrompts, mimeTypes); it
// reports through events (events.ts) and `data-state` / `data-error-code`.
import { challengeDurationMs, STEP_PROMPTS, validSteps, type ChallengeStep, type StepPrompt } from './challenge.js';
import { CaptureError, toCaptureError } from './errors.js';
import type { CaptureState, FaceCaptureEventMap, Prepared } from './events.js';
import { DEFAULT_MIME_TYPES, openCamera, record } from './recording.js';
import { uploadWithProgress } from './upload.js';
import { renderView, type CaptureView } from './view.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ACCESSORS = ['uploadUrl', 'fieldName', 'durationMs', 'countdownSeconds', 'startLabel', 'retryLabel'] as const;

export class FaceCaptureElement extends HTMLElement {
  static readonly observedAttributes = ['start-label', 'retry-label'];

  /** Request headers of the upload (a CSRF token). */
  declare headers: Record<string, string> | undefined;
  /** Multipart fields sent with every recording. */
  declare extraFields: Record<string, string> | undefined;
  /** Called on the button, during the countdown, for each recording: the challenge steps to prompt and fields to send. */
  declare prepare: (() => Prepared | undefined | Promise<Prepared | undefined>) | undefined;
  /** Icon and words for each step kind (default STEP_PROMPTS). */
  declare stepPrompts: Readonly<Record<string, StepPrompt>> | undefined;
  /** Recording types in order of preference (default DEFAULT_MIME_TYPES). */
  declare mimeTypes: readonly string[] | undefined;

  #state: CaptureState = 'idle';
  #stream: MediaStream | null = null;
  #view: CaptureView | null = null;

  /** Your backend's route for the recording; without it the capture stops after `recorded`. */
  get uploadUrl(): string { return this.getAttribute('upload-url') ?? ''; }
  set uploadUrl(v: string) { this.setAttribute('upload-url', v); }
  get fieldName(): string { return this.getAttribute('field-name') || 'video'; }
  set fieldName(v: string) { this.setAttribute('field-name', v); }
  /** Recording length without challenge steps. */
  get durationMs(): number { return this.#number('duration-ms', 3000); }
  set durationMs(v: number) { this.setAttribute('duration-ms', String(v)); }
  get countdownSeconds(): number { return this.#number('countdown-seconds', 3); }
  set countdownSeconds(v: number) { this.setAttribute('countdown-seconds', String(v)); }
  get startLabel(): string { return this.getAttribute('start-label') || 'Start recording'; }
  set startLabel(v: string) { this.setAttribute('start-label', v); }
  get retryLabel(): string { return this.getAttribute('retry-label') || 'Try again'; }
  set retryLabel(v: string) { this.setAttribute('retry-label', v); }
  get state(): CaptureState { return this.#state; }

  #number(name: string, fallback: number): number {
    const n = Number(this.getAttribute(name) ?? NaN);
    return Number.isFinite(n) && n >= 0 ? n : fallback;
  }

  connectedCallback(): void {
    // A property set before the element was defined hides the accessor: move it through.
    for (const key of ACCESSORS) {
      if (Object.hasOwn(this, key)) {
        const value = this[key] as never;
        delete (this as Record<string, unknown>)[key];
        this[key] = value;
      }
    }
    if (this.#view) return;
    this.#view = renderView(this, this.startLabel);
    this.#view.button.addEventListener('click', () => void (this.#state === 'error' && !this.#stream ? this.#preview() : this.start()));
    void this.#preview();
  }

  disconnectedCallback(): void {
    this.#stopCamera();
    this.#view = null;
    this.replaceChildren();
    this.classList.remove('face-capture');
  }

  attributeChangedCallback(): void {
    if (this.#view) this.#view.button.textContent = this.#state === 'error' ? this.retryLabel : this.startLabel;
  }

  #emit<K extends keyof FaceCaptureEventMap>(type: K, detail: FaceCaptureEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }

  #setState(next: CaptureState, message?: string): void {
    const view = this.#view;
    this.#state = next;
    this.dataset.state = next;
    if (view) {
      if (message !== undefined) view.status.textContent = message;
      view.button.disabled = !['ready', 'error'].includes(next);
      view.progress.hidden = !['recording', 'uploading', 'analysing'].includes(next);
      if (next !== 'error') view.error.hidden = true;
    }
    this.#emit('statechange', { state: next });
  }

  #fail(err: unknown): void {
    const error = toCaptureError(err);
    this.dataset.errorCode = error.code;
    if (this.#view) {
      this.#view.error.textContent = error.message;
      this.#view.error.hidden = false;
      this.#view.button.textContent = this.retryLabel;
    }
    this.#setState('error', '');
    this.#emit('captureerror', { error });
  }

  #stopCamera(): void {
    this.#stream?.getTracks().forEach((t) => t.stop());
    this.#stream = null;
  }

  async #camera(view: CaptureView): Promise<MediaStream> {
    if (this.#stream) return this.#stream;
    const stream = await openCamera();
    if (this.#view !== view) {
      stream.getTracks().forEach((t) => t.stop()); // removed while the camera was opening
      throw new CaptureError('DISCONNECTED', 'The capture was removed from the page.');
    }
    this.#stream = stream;
    view.video.srcObject = stream;
    await view.video.play().catch(() => undefined);
    return stream;
  }

  async #preview(): Promise<void> {
    const view = this.#view;
    if (!view) return;
    this.#setState('starting', 'Starting the camera…');
    try {
      await this.#camera(view);
      this.#setState('ready', 'Center your face in the oval, then press the button.');
    } catch (err) {
      if (this.#view === view) this.#fail(err);
    }
  }

  /** What `prepare` gives for this recording: steps to prompt (checked), fields to send. */
  async #prepared(prepare: NonNullable<FaceCaptureElement['prepare']>): Promise<{ steps: ChallengeStep[]; fields: Record<string, string> }> {
    const got = (await prepare()) ?? {};
    const steps = got.steps ?? [];
    if (!validSteps(steps)) throw new CaptureError('BAD_RESPONSE', 'The steps to follow could not be read. Please try again.');
    return { steps, fields: got.fields ?? {} };
  }

  /** Counts down, records and uploads (what the button does); only from `ready` or `error`. */
  async start(): Promise<void> {
    const view = this.#view;
    if (!view || !['ready', 'error'].includes(this.#state)) return;
    try {
      const stream = await this.#camera(view);
      // `prepare` (a login attempt and its challenge) runs during the countdown,
      // so the recording starts on time whatever the network does.
      const preparing = this.prepare ? this.#prepared(this.prepare) : null;
      preparing?.catch(() => undefined); // awaited after the countdown
      for (let n = this.countdownSeconds; n > 0; n--) {
        this.#setState('countdown', `Recording in ${n}…`);
        view.count.textContent = String(n);
        this.#emit('countdown', { seconds: n });
        await sleep(1000);
      }
      const ready = preparing ? await preparing : { steps: [], fields: {} };
      view.count.textContent = '';
      const challenge = ready.steps.length > 0;
      const durationMs = challenge ? challengeDurationMs(ready.steps) : this.durationMs;
      this.#setState('recording', challenge ? 'Recording… follow the steps on the screen.' : 'Recording… look at the camera.');
      view.stage.classList.add('fc-recording');
      const labels = this.stepPrompts ?? STEP_PROMPTS;
      const blob = await record(stream, {
        durationMs,
        mimeTypes: this.mimeTypes ?? DEFAULT_MIME_TYPES,
        onTick: (fraction) => (view.progress.value = fraction),
        onStart: challenge ? () => view.prompt.schedule(ready.steps, labels, (shown) => this.#emit('challengestep', shown)) : undefined,
      }).finally(() => {
        view.stage.classList.remove('fc-recording');
        view.prompt.hide();
      });
      this.#emit('recorded', { blob, mimeType: blob.type, durationMs, steps: ready.steps });
      if (!this.uploadUrl) return this.#setState('done', 'Recorded.');
      await this.#upload(view, blob, ready.fields);
    } catch (err) {
      this.#fail(err);
    }
  }

  async #upload(view: CaptureView, blob: Blob, fields: Record<string, string>): Promise<void> {
    this.#setState('uploading', 'Uploading… 0%');
    view.progress.value = 0;
    const response = await uploadWithProgress(this.uploadUrl, blob, {
      headers: this.headers ?? {},
      fieldName: this.fieldName,
      extraFields: { ...this.extraFields, ...fields },
      onProgress: (fraction) => {
        view.progress.value = fraction;
        view.status.textContent = `Uploading… ${Math.round(fraction * 100)}%`;
        this.#emit('uploadprogress', { fraction });
      },
      onSent: () => {
        view.progress.removeAttribute('value'); // indeterminate while the server analyses
        this.#setState('analysing', 'Analysing your face…');
      },
    });
    this.#setState('done', 'Done. Checking the result…');
    this.#emit('uploaded', { response });
  }
}

export interface FaceCaptureElement {
  addEventListener<K extends keyof FaceCaptureEventMap>(type: K, listener: (this: FaceCaptureElement, ev: FaceCaptureEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof FaceCaptureEventMap>(type: K, listener: (this: FaceCaptureElement, ev: FaceCaptureEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
