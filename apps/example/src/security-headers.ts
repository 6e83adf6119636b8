// helmet with a CSP made for this app: only same-origin scripts and styles,
// fetch/XHR to this origin only (recordings go through this app's backend; the
// browser never talks to the Onboarding API), camera previews from MediaStreams and blobs; the camera allowed for this
// origin only (Permissions-Policy).
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export function securityHeaders(https: boolean): RequestHandler[] {
  const csp = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:', 'mediastream:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Only upgrade when the site itself is served over HTTPS: on http://127.0.0.1
        // it would rewrite the upload URL to https and break it.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https,
  });
  const permissions: RequestHandler = (_req, res, next) => {
    res.setHeader('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
    next();
  };
  return [csp, permissions];
}
