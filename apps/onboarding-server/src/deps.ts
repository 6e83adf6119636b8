// Everything createApp needs, built by startOnboardingServer (or a test).
import type { TrustProxy } from '@alice-face/http-common';
import type { FfmpegInfo } from '@alice-face/face-engine/ffmpeg';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { JwtSigner } from './auth/jwt.js';
import type { MediaStore } from './media/media-store.js';
import type { UploadAnalyzer } from './services/upload-analysis.js';
import type { RetentionPolicy } from './services/retention-service.js';
import type { Store } from './store/store.js';
import type { WebhookDispatcher } from './webhooks/dispatcher.js';
import type { WebhookSender } from './webhooks/sender.js';
import type { TargetPolicy } from './webhooks/target-policy.js';

export interface AppDeps {
  store: Store;
  media: MediaStore;
  /** Face analysis: the in-process engine pool, or jobs for worker processes (queue/). */
  analysis: UploadAnalyzer;
  signer: JwtSigner;
  logger: Logger;
  /** Clock in ms (tests move it to expire tokens and rate-limit windows). */
  now: () => number;
  /** Base URL ending in /onboarding, used for media hrefs. */
  baseUrl: () => string;
  version: string;
  /** The ffmpeg that decodes uploads (face-engine's choice: FFMPEG_PATH, PATH, or its bundled build). */
  ffmpeg: () => Promise<FfmpegInfo>;
  maxUploadBytes: number;
  corsOrigins: string[];
  /** Failed authentications of a user in a window after which the clients that failed on it get 429 (others go on). */
  failedAuth: { max: number; windowMs: number };
  /** The key a client address is counted under by the failure limit (auth/client-key.ts). */
  clientKey: (address: string) => string;
  /** How long authentication videos, voided selfies and challenges are kept (the sweep and the expiry times shown). */
  retention: RetentionPolicy;
  /** Authentications without a challenge_id are refused (400 CHALLENGE_REQUIRED). */
  requireChallenge: boolean;
  /** Tests only: every challenge gets these steps instead of a random draw. */
  fixedChallengeSteps?: (() => string[] | undefined) | undefined;
  /** Per-client-address limit on bad API keys at /login_token (@alice-face/rate-limit's addressLimit, made in server.ts). */
  apiKeyLimiter: RequestHandler;
  /** Per-client-address limit on all token requests (undefined: no limit). */
  tokenLimiter?: RequestHandler | undefined;
  /** Webhooks: where deliveries may go, the sender pings use, and the dispatcher to wake after events are committed. */
  webhooks: { policy: TargetPolicy; sender: WebhookSender; dispatcher: Pick<WebhookDispatcher, 'notify'> };
  /** Express `trust proxy` (default false): which X-Forwarded-For hops decide `req.ip`, the key of the per-address limits. */
  trustProxy?: TrustProxy | undefined;
}
