// Server-rendered pages without the camera: home, sign-up, the login email
// step, the profile and the error page.
import { html, type SafeHtml } from './html.js';
import { alert, csrfField, layout, type PageContext } from './layout.js';

export function homePage(ctx: PageContext): string {
  return layout(ctx, {
    title: 'Log in with your face',
    body: html`<p class="lead">This example app adds face login to an Express site with
      <code>passport-alice-face</code>. Sign up with your email, record a three-second selfie,
      and once a reviewer approves it you log in by looking at the camera.</p>
      <ol class="steps">
        <li><strong>Sign up</strong> with your email address.</li>
        <li><strong>Enroll</strong>: record a short video of your face.</li>
        <li><strong>Wait for approval</strong> by a reviewer.</li>
        <li><strong>Log in</strong> with your face.</li>
      </ol>
      <p class="actions">${
        ctx.user
          ? html`<a class="button" href="/profile">Your profile</a>`
          : html`<a class="button" href="/signup">Sign up</a> <a class="button secondary" href="/login">Log in</a>`
      }</p>`,
  });
}

function emailForm(ctx: PageContext, action: string, submit: string, email = ''): SafeHtml {
  return html`<form method="post" action="${action}" class="card form" novalidate>
    ${csrfField(ctx)}
    <label for="email">Email address</label>
    <input id="email" name="email" type="email" autocomplete="email" required value="${email}">
    <button type="submit">${submit}</button>
  </form>`;
}

export function signupPage(ctx: PageContext, opts: { error?: string; email?: string } = {}): string {
  return layout(ctx, {
    title: 'Sign up',
    body: html`${opts.error ? alert('error', opts.error) : ''}
      <p>No password: your face is your login. After this step you record a short selfie video.</p>
      ${emailForm(ctx, '/signup', 'Create account', opts.email)}
      <p>Already enrolled? <a href="/login">Log in</a>.</p>`,
  });
}

export function loginEmailPage(ctx: PageContext, opts: { error?: string; info?: string; email?: string } = {}): string {
  return layout(ctx, {
    title: 'Log in',
    body: html`${opts.error ? alert('error', opts.error) : ''}${opts.info ? alert('info', opts.info) : ''}
      <p>Enter the email you signed up with, then look at the camera.</p>
      ${emailForm(ctx, '/login/start', 'Continue', opts.email)}
      <p>New here? <a href="/signup">Sign up</a>.</p>`,
  });
}

export interface ProfileView {
  email: string;
  onboardingUserId: string;
  loggedInAt: string;
  /** The consent on record, the download and the withdrawal (views/consent-pages.ts). */
  faceData?: SafeHtml | undefined;
}

/** Who is logged in, and since when. No score: those stay with the backend and the reviewers. */
export function profilePage(ctx: PageContext, view: ProfileView): string {
  return layout(ctx, {
    title: 'Your profile',
    body: html`${alert('success', html`You are logged in as <strong>${view.email}</strong>.`, 'Welcome!')}
      <dl class="card details">
        <dt>Email</dt><dd data-testid="profile-email">${view.email}</dd>
        <dt>Onboarding user id</dt><dd><code>${view.onboardingUserId}</code></dd>
        <dt>Logged in at</dt><dd><time datetime="${view.loggedInAt}">${view.loggedInAt}</time></dd>
        <dt>Face check</dt><dd data-testid="face-check">Passed: a live face, matching the one enrolled.</dd>
      </dl>
      ${view.faceData ?? ''}
      <form method="post" action="/logout">${csrfField(ctx)}<button type="submit" class="secondary">Log out</button></form>`,
  });
}

export function errorPage(ctx: PageContext, opts: { title: string; message: string; status: number }): string {
  return layout(ctx, {
    title: opts.title,
    body: html`${alert('error', opts.message)}
      <p><a href="/">Back to the start</a></p>`,
  });
}
