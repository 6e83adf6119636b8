// The consent page shown before any recording (no camera script on it), the
// page after a withdrawal, and the consent section of the profile. The text
// is version CONSENT_VERSION (src/consent.ts): change it, change the version.
import { CONSENT_VERSION, type Consent, type RetentionTerms } from '../consent.js';
import { html, type SafeHtml } from './html.js';
import { alert, csrfField, layout, type PageContext } from './layout.js';

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** What is collected, why, how long it is kept, who sees it, and the person's rights. */
export function consentText(terms: RetentionTerms): SafeHtml {
  return html`<div class="card consent-text" data-consent-version="${CONSENT_VERSION}">
    <h2>What we collect</h2>
    <p>Short videos of your face: one when you enroll, and one each time you log in. From the enrollment video
    the face service keeps a cropped picture of your face and a <em>face template</em> (numbers describing your
    face). For every enrollment and login it records the time and two scores: whether a live person was in front
    of the camera, and whether the face matches the one enrolled.</p>
    <h2>Why</h2>
    <p>Only to check that the person logging in to this account is you, and a live person. Your face data is not
    used for anything else, not used to identify you elsewhere, and not sold or shared for advertising.</p>
    <h2>How long we keep it</h2>
    <ul>
      <li>Your enrollment picture and template: while they are your enrollment, until you withdraw this consent.</li>
      <li>An enrollment that is refused or replaced: its picture and template are destroyed
        <strong data-testid="voided-selfie-days">${days(terms.voidedSelfieDays)}</strong> after.</li>
      <li>Each login video: destroyed <strong data-testid="login-video-days">${days(terms.authenticationVideoDays)}</strong> after the login.</li>
      <li>The times and scores of your enrollments and logins: with your account.</li>
    </ul>
    <h2>Who sees it</h2>
    <p>The face service that does the checks, and the reviewers of this site, who look at your enrollment to approve
    it and at a login video when something went wrong. Every time a reviewer or this site opens your pictures or
    videos, it is recorded.</p>
    <h2>Your choices</h2>
    <p>You can download everything we hold about you from your profile page, and withdraw this consent there at any
    time: your pictures, templates and login videos are then deleted and face login stops until you enroll again.</p>
    <p class="hint">Consent text version ${CONSENT_VERSION}.</p>
  </div>`;
}

export interface ConsentView {
  purpose: 'enroll' | 'login';
  email: string;
  terms: RetentionTerms;
  error?: string | undefined;
  /** The account had agreed to an earlier text or schedule. */
  changed?: boolean | undefined;
}

export function consentPage(ctx: PageContext, view: ConsentView): string {
  return layout(ctx, {
    title: 'Your face data',
    body: html`${view.error ? alert('error', view.error) : ''}${
      view.changed ? alert('info', 'What we keep, or how long, has changed since you last agreed. Please read it again.') : ''
    }
      <p>Before the camera starts for <strong>${view.email}</strong>, please read what happens with your face data.</p>
      ${consentText(view.terms)}
      <form method="post" action="/consent" class="card form consent-form">
        ${csrfField(ctx)}
        <input type="hidden" name="purpose" value="${view.purpose}">
        <label class="checkbox"><input type="checkbox" name="agree" value="yes" required>
          I have read this and agree to the collection and use of my face data as described.</label>
        <button type="submit">Agree and continue</button>
      </form>
      <p><a href="/">No thanks, leave</a></p>`,
  });
}

export function withdrawnPage(ctx: PageContext, view: { selfies: number; videos: number }): string {
  return layout(ctx, {
    title: 'Consent withdrawn',
    body: html`${alert('success', html`Your face data was deleted from the face service: <span data-testid="withdrawn-counts">${view.selfies} enrollment
      ${view.selfies === 1 ? 'picture' : 'pictures'} with ${view.selfies === 1 ? 'its template' : 'their templates'} and ${view.videos} login
      ${view.videos === 1 ? 'video' : 'videos'}</span>.`, 'Done.')}
      <p>Face login is off for this account. The times and scores of your past enrollments and logins stay with your
      account. You stay logged in until you log out.</p>
      <p><a class="button secondary" href="/enroll">Enroll again</a> <a href="/profile">Back to your profile</a></p>`,
  });
}

/** The profile's section: the consent on record, the download, and the withdrawal. */
export function consentSection(ctx: PageContext, consent: Consent | undefined): SafeHtml {
  const active = consent && consent.withdrawnAt === null;
  return html`<section class="card" aria-labelledby="face-data-heading">
    <h2 id="face-data-heading">Your face data</h2>
    <p data-testid="consent-status">${
      active
        ? html`You agreed to version ${consent.version} of the consent text on <time datetime="${consent.givenAt}">${consent.givenAt}</time>
          (login videos kept ${days(consent.terms.authenticationVideoDays)}).`
        : consent
          ? html`You withdrew your consent on <time datetime="${consent.withdrawnAt ?? ''}">${consent.withdrawnAt}</time>.`
          : 'No consent on record.'
    }</p>
    <form method="post" action="/profile/export">${csrfField(ctx)}
      <button type="submit" class="secondary">Download my data</button>
      <p class="hint">One JSON file: your account, consent, enrollments and logins with their scores, and your pictures and videos (base64).</p>
    </form>
    ${
      active
        ? html`<form method="post" action="/consent/withdraw" class="form withdraw-form">${csrfField(ctx)}
            <label class="checkbox"><input type="checkbox" name="confirm" value="yes" required>
              I understand that my enrollment pictures, templates and login videos will be deleted, and that I can no longer log in with my face until I enroll again.</label>
            <button type="submit" class="danger">Withdraw consent and delete my face data</button>
          </form>`
        : ''
    }
  </section>`;
}
