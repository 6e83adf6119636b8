// The page shell every view shares: header with navigation, a main landmark,
// and only same-origin scripts and styles (the CSP forbids inline ones).
import { CSRF_FIELD } from '@alice-face/http-common';
import { html, type HtmlValue, type SafeHtml } from './html.js';

export interface PageContext {
  /** Synchronizer token for this session; every form carries it. */
  csrfToken: string;
  /** The logged-in person, if any. */
  user?: { email: string } | undefined;
}

export interface LayoutOptions {
  title: string;
  body: HtmlValue;
  scripts?: string[];
  /** Stylesheets before the site's own (which may override them). */
  styles?: string[];
}

export function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrfToken}">`;
}

export function alert(kind: 'error' | 'success' | 'info', message: HtmlValue, title?: string): SafeHtml {
  const role = kind === 'error' ? 'alert' : 'status';
  return html`<div class="notice notice-${kind}" role="${role}">${title ? html`<strong>${title}</strong> ` : ''}${message}</div>`;
}

function nav(ctx: PageContext): SafeHtml {
  if (ctx.user) {
    return html`<a href="/profile">${ctx.user.email}</a>
      <form method="post" action="/logout" class="inline-form">${csrfField(ctx)}<button type="submit" class="link-button">Log out</button></form>`;
  }
  return html`<a href="/signup">Sign up</a> <a href="/login">Log in</a>`;
}

export function layout(ctx: PageContext, { title, body, scripts = [], styles = [] }: LayoutOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Face login example</title>
<link rel="icon" href="data:,">
${styles.map((href) => html`<link rel="stylesheet" href="${href}">`)}
<link rel="stylesheet" href="/static/styles.css">
${scripts.map((src) => html`<script type="module" src="${src}"></script>`)}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <a class="brand" href="/">Face login <span>example</span></a>
  <nav aria-label="Account">${nav(ctx)}</nav>
</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${body}
</main>
<footer class="site-footer">Face checks by the Onboarding API, login by <code>passport-alice-face</code>.</footer>
</body>
</html>`.toString();
}
