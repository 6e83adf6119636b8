// POST /webhooks/alice: the Onboarding API's webhook deliveries. Each is
// verified (signature over the raw body, timestamp age) before anything is
// read from it. On selfie_added the backend fetches the report with its own
// token (the delivery names the selfie; the report is the authority) and
// voids the selfie when its liveness is under the threshold: the step the
// enrolment page also takes after upload, so the flow works without webhooks
// (the hosted API, or none configured) and with both, whichever comes first.
// Handling is idempotent (a voided selfie is left alone), so a delivery sent
// twice (X-Alice-Delivery is the same) does no harm. Answers 204 once done;
// anything else makes the API retry.
import express, { Router } from 'express';
import { OnboardingApiError, verifyWebhookSignature, WebhookVerificationError, type OnboardingClient, type WebhookAlgorithm } from '@alice-face/onboarding-client';
import { reviewEnrollment, type ReportLike } from '../enrollment-review.js';

export const WEBHOOK_PATH = '/webhooks/alice';
/** Who the void is recorded as, in the user state. */
export const WEBHOOK_OPERATOR = 'example-app (selfie_added webhook)';

export interface AliceWebhookOptions {
  client: OnboardingClient;
  secret: string;
  algorithm: WebhookAlgorithm;
  livenessThreshold: number;
  now: () => number;
}

interface SelfieAdded {
  user_id?: unknown;
  selfie_id?: unknown;
}

export function aliceWebhookRoutes(o: AliceWebhookOptions): Router {
  const router = Router();
  // The raw bytes: the signature covers the body exactly as sent.
  router.post(WEBHOOK_PATH, express.raw({ type: () => true, limit: '64kb' }), async (req, res) => {
    let delivery;
    try {
      delivery = verifyWebhookSignature<SelfieAdded & { is_ping?: unknown }>({ headers: req.headers, body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0) }, { secret: o.secret, algorithm: o.algorithm, now: o.now });
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      res.status(401).json({ error: { code: err.code, message: err.message } });
      return;
    }
    if (delivery.event === 'selfie_added' && delivery.payload.is_ping !== true) {
      const { user_id: userId, selfie_id: selfieId } = delivery.payload;
      if (typeof userId !== 'string' || typeof selfieId !== 'string') {
        res.status(400).json({ error: { code: 'INVALID_PAYLOAD', message: 'A selfie_added delivery must name user_id and selfie_id.' } });
        return;
      }
      await voidIfNotLive(o, userId, selfieId);
    }
    res.status(204).end();
  });
  return router;
}

async function voidIfNotLive(o: AliceWebhookOptions, userId: string, selfieId: string): Promise<void> {
  let report: ReportLike;
  try {
    report = await o.client.getReport(userId);
  } catch (err) {
    if (err instanceof OnboardingApiError && err.status === 404) return; // the user is gone: nothing to decide
    throw err;
  }
  const selfie = report.selfies.find((s) => s.id === selfieId);
  if (!selfie) return;
  // The API voids every selfie of a user at once: leave them be when a newer valid one exists (it has its own event).
  if (report.selfies.some((s) => !s.voided && s.created_at > selfie.created_at)) return;
  const decision = reviewEnrollment(report, selfieId, o.livenessThreshold);
  if (!decision.voidSelfie) return;
  await o.client.voidSelfie(userId, { operator: WEBHOOK_OPERATOR, updateReasons: [{ reason: 'face_liveness under the threshold', face_liveness: String(decision.liveness) }] }).catch((err: unknown) => {
    if (!(err instanceof OnboardingApiError && err.code === 'NO_SELFIE')) throw err;
  });
}
