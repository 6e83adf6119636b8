// Pages that use the camera: enrollment, its result, and the login capture
// step. The capture itself is public/face-capture.js, wired by
// public/capture-page.js from the data-* attributes below (no inline script).
// The recording goes to this app (CSRF header), never to the Onboarding API;
// no page shows a score.
import { html, type SafeHtml } from './html.js';
import { alert, csrfField, layout, type PageContext } from './layout.js';

interface CaptureSection {
  mode: 'enroll' | 'login';
  /** This app's route that takes the recording. */
  uploadUrl: string;
  /** Login: this app's route that opens an attempt (and gives the challenge's steps). */
  attemptUrl?: string | undefined;
  action: string;
  startLabel: string;
}

function captureSection(ctx: PageContext, s: CaptureSection): SafeHtml {
  return html`<section class="capture-page" data-capture-page data-mode="${s.mode}" data-upload-url="${s.uploadUrl}"
      data-start-label="${s.startLabel}"${s.attemptUrl ? html` data-attempt-url="${s.attemptUrl}"` : ''}>
    <div class="capture-host" id="capture"></div>
    <form method="post" action="${s.action}" id="capture-result-form" hidden>
      ${csrfField(ctx)}
      ${s.mode === 'login' ? html`<input type="hidden" name="login_attempt" value="">` : ''}
    </form>
    <noscript>${alert('error', 'This page needs JavaScript to use your camera.')}</noscript>
  </section>`;
}

const TIPS = html`<ul class="tips">
  <li>Face the camera in good, even light; keep your whole face inside the oval.</li>
  <li>Hold still during the countdown; blink and move naturally while recording.</li>
  <li>Only you in the picture; no photos or screens.</li>
</ul>`;

export interface EnrollView {
  email: string;
  retry?: { reason: string; hints: string[] } | undefined;
  error?: string | undefined;
}

export function enrollPage(ctx: PageContext, view: EnrollView): string {
  const retry = view.retry;
  return layout(ctx, {
    title: 'Enroll your face',
    scripts: ['/static/capture-page.js'],
    body: html`${
      retry
        ? alert('error', html`${retry.reason}${retry.hints.length ? html`<ul>${retry.hints.map((h) => html`<li>${h}</li>`)}</ul>` : ''}`, 'Please try again.')
        : ''
    }${view.error ? alert('error', view.error) : ''}
      <p>Account <strong>${view.email}</strong>. Record a three-second video of your face: it becomes the
      reference that future logins are compared with.</p>
      ${TIPS}
      ${captureSection(ctx, { mode: 'enroll', uploadUrl: '/enroll/video', action: '/enroll/complete', startLabel: 'Start recording' })}`,
  });
}

export function enrollDonePage(ctx: PageContext, view: { email: string }): string {
  return layout(ctx, {
    title: 'Waiting for approval',
    body: html`${alert('success', 'Your selfie was received and looks live.', 'Enrollment complete.')}
      <p>A reviewer now checks the enrollment of <strong>${view.email}</strong>. Once it is approved you can
      <a href="/login">log in with your face</a>.</p>`,
  });
}

export interface LoginCaptureView {
  email: string;
  challenge: boolean;
  /** What went wrong, in words (never a score); `reason`: the challenge step missed, once the face matched. */
  failure?: { title: string; message: string; reason?: string | undefined } | undefined;
}

export function loginCapturePage(ctx: PageContext, view: LoginCaptureView): string {
  const f = view.failure;
  return layout(ctx, {
    title: 'Log in with your face',
    scripts: ['/static/capture-page.js'],
    body: html`${
      f
        ? alert(
            'error',
            html`<span data-testid="login-failure">${f.message}</span>${f.reason ? html` <span data-testid="challenge-reason">${f.reason}</span>` : ''}`,
            f.title,
          )
        : ''
    }
      <p>Logging in as <strong>${view.email}</strong> (<a href="/login">not you?</a>). Look at the camera and
      press the button; recording starts after a short countdown.${
        view.challenge ? ' While recording, do what the prompts on the video ask, as each appears.' : ''
      }</p>
      ${captureSection(ctx, {
        mode: 'login',
        uploadUrl: '/login/video',
        attemptUrl: '/login/attempt',
        action: '/login',
        startLabel: f ? 'Try again' : 'Log in with my face',
      })}`,
  });
}
