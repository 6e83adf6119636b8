// POST /profile/export: the logged-in person's data as one JSON file, built
// through the Onboarding API with this backend's key: the account and consent
// records kept here, the API's export (user, report, every enrollment and
// login, media list, who downloaded what) without its scores (those stay with
// the backend and the reviewers), and each media file
// that still exists, base64, fetched one at a time and streamed out (memory
// holds one file, not the whole export).
import { Router, type Response } from 'express';
import type { UserExport } from '@alice-face/onboarding-client';
import type { Account } from '../accounts.js';
import type { Consent } from '../consent.js';
import type { RouteDeps } from './context.js';

export const EXPORT_FORMAT = 'face-login-example-export';

const consentView = (c: Consent) => ({
  version: c.version,
  authentication_video_days: c.terms.authenticationVideoDays,
  voided_selfie_days: c.terms.voidedSelfieDays,
  given_at: c.givenAt,
  withdrawn_at: c.withdrawnAt,
});

/** Keys of the API's export that hold scores or what they are made of. */
const SCORE_KEYS = new Set(['face_liveness', 'face_matching', 'liveness', 'checks', 'challenge', 'score', 'scores']);

/** The export as the person gets it: every score-bearing key left out, at any depth. */
export function withoutScores<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutScores) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !SCORE_KEYS.has(k)).map(([k, v]) => [k, withoutScores(v)])) as T;
}

const accountView = (a: Account) => ({ email: a.email, created_at: a.createdAt, enrolled_at: a.enrolledAt, last_login_at: a.lastLoginAt, onboarding_user_id: a.onboardingUserId });

export function exportRoutes({ client, accounts, consents, options }: RouteDeps): Router {
  const router = Router();

  router.post('/profile/export', async (req, res) => {
    if (!req.user) return res.redirect(303, '/login');
    const account = accounts.byId(req.user.id);
    if (!account) return res.redirect(303, '/login');
    // Read before the first byte goes out, so a failing API is still a 502 page.
    const onboarding: UserExport = await client.exportUser(account.onboardingUserId);
    const day = new Date(options.now()).toISOString().slice(0, 10);
    res.set({
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="face-login-data-${day}.json"`,
      'Cache-Control': 'no-store',
    });
    const head = { format: EXPORT_FORMAT, version: 1, exported_at: new Date(options.now()).toISOString(), account: accountView(account), consents: consents.list(account.id).map(consentView), onboarding: withoutScores(onboarding) };
    await write(res, `${JSON.stringify(head).slice(0, -1)},"media":[`);
    let first = true;
    for (const m of onboarding.media) {
      if (!m.href) continue; // destroyed: listed in onboarding.media with destroyed_at
      let data: Buffer;
      try {
        data = (await client.downloadMedia(account.onboardingUserId, m.id)).data;
      } catch (err) {
        // Half a file must not look whole: cut the download, the browser reports it failed.
        console.error(`[example] export of an account's media failed: ${(err as Error).name} ${(err as { code?: string }).code ?? ''}`);
        res.destroy();
        return;
      }
      const item = { id: m.id, kind: m.kind, content_type: m.content_type, created_at: m.created_at, data_base64: data.toString('base64') };
      await write(res, `${first ? '' : ','}${JSON.stringify(item)}`);
      first = false;
    }
    res.end(']}');
  });

  return router;
}

/** Writes, waiting for the socket to drain when its buffer is full. */
function write(res: Response, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.write(chunk)) resolve();
    else res.once('drain', resolve);
  });
}
