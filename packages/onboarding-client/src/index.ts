export { OnboardingClient } from './client.js';
export { ALICE_PRODUCTION_URL, ALICE_SANDBOX_URL, LOCAL_URL } from './constants.js';
export { CLIENT_ERROR_CODES, OnboardingApiError } from './errors.js';
export type { OnboardingApiErrorInit } from './errors.js';
export type * from './types.js';
export { WebhooksApi } from './webhooks.js';
export {
  WEBHOOK_ALGORITHMS, WEBHOOK_HEADERS, WebhookVerificationError, formatWebhookTimestamp, parseWebhookTimestamp, verifyWebhookSignature, webhookSignature,
} from './webhook-signature.js';
export type { VerifiedWebhook, VerifyWebhookOptions, WebhookAlgorithm, WebhookSignatureInput, WebhookVerificationCode } from './webhook-signature.js';
export type * from './webhook-types.js';
