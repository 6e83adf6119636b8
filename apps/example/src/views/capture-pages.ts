// Pages that use the camera: enrollment, its result, and the login capture
// step. The capture itself is public/face-capture.js, wired by
// public/capture-page.js from the data-* attributes below (no inline script).
import { html, type SafeHtml } from './html.js';
import { alert, csrfField, layout, type PageContext } from './layout.js';
import { formatScore, type Scores } from './pages.js';

interface CaptureSection {
  mode: 'enroll' | 'login';
  uploadUrl: string;
  tokenUrl: string;
  action: string;
  resultField: 'selfie_id' | 'authentication_id';
  startLabel: string;
  /** The API's POST /user/challenge: the page then records in challenge mode. */
  challengeUrl?: string | undefined;
}

function captureSection(ctx: PageContext, s: CaptureSection): SafeHtml {
  return html`<section class="capture-page" data-capture-page data-mode="${s.mode}"
      data-upload-url="${s.uploadUrl}" data-token-url="${s.tokenUrl}" data-result-field="${s.resultField}"
      data-start-label="${s.startLabel}"${s.challengeUrl ? html` data-challenge-url="${s.challengeUrl}"` : ''}>
    <div class="capture-host" id="capture"></div>
    <form method="post" action="${s.action}" id="capture-result-form" hidden>
      ${csrfField(ctx)}
      <input type="hidden" name="${s.resultField}" value="">
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
  uploadUrl: string;
  retry?: { reason: string; hints: string[]; liveness: number | null; threshold: number } | undefined;
  error?: string | undefined;
}

export function enrollPage(ctx: PageContext, view: EnrollView): string {
  const retry = view.retry;
  return layout(ctx, {
    title: 'Enroll your face',
    scripts: ['/static/capture-page.js'],
    body: html`${
      retry
        ? alert(
            'error',
            html`${retry.reason} <span data-testid="retry-liveness">Liveness: ${formatScore(retry.liveness)} (needs ${retry.threshold}).</span>
              ${retry.hints.length ? html`<ul>${retry.hints.map((h) => html`<li>${h}</li>`)}</ul>` : ''}`,
            'Please try again.',
          )
        : ''
    }${view.error ? alert('error', view.error) : ''}
      <p>Account <strong>${view.email}</strong>. Record a three-second video of your face: it becomes the
      reference that future logins are compared with.</p>
      ${TIPS}
      ${captureSection(ctx, {
        mode: 'enroll',
        uploadUrl: view.uploadUrl,
        tokenUrl: '/enroll/token',
        action: '/enroll/complete',
        resultField: 'selfie_id',
        startLabel: 'Start recording',
      })}`,
  });
}

export function enrollDonePage(ctx: PageContext, view: { email: string; liveness: number | null; threshold: number }): string {
  return layout(ctx, {
    title: 'Waiting for approval',
    body: html`${alert('success', html`Your selfie was received and looks live (liveness ${formatScore(view.liveness)}, needs ${view.threshold}).`, 'Enrollment complete.')}
      <p>A reviewer now checks the enrollment of <strong>${view.email}</strong>. Once it is approved you can
      <a href="/login">log in with your face</a>.</p>`,
  });
}

export interface LoginCaptureView {
  email: string;
  uploadUrl: string;
  challengeUrl?: string | undefined;
  /** `reason`: why the challenge failed, in words (e.g. "Step 1 (turn your head left) was not seen."). */
  failure?: { title: string; message: string; reason?: string | undefined; scores?: Scores | undefined } | undefined;
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
            html`<span data-testid="login-failure">${f.message}</span>${
              f.reason ? html` <span data-testid="challenge-reason">${f.reason}</span>` : ''
            }${
              f.scores
                ? html` <span class="hint">(liveness ${formatScore(f.scores.liveness)}, match ${formatScore(f.scores.matching)})</span>`
                : ''
            }`,
            f.title,
          )
        : ''
    }
      <p>Logging in as <strong>${view.email}</strong> (<a href="/login">not you?</a>). Look at the camera and
      press the button; recording starts after a short countdown.${
        view.challengeUrl ? ' While recording, do what the prompts on the video ask, as each appears.' : ''
      }</p>
      ${captureSection(ctx, {
        mode: 'login',
        uploadUrl: view.uploadUrl,
        tokenUrl: '/login/token',
        action: '/login',
        resultField: 'authentication_id',
        startLabel: f ? 'Try again' : 'Log in with my face',
        challengeUrl: view.challengeUrl,
      })}`,
  });
}
