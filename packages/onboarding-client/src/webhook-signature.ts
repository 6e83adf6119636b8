// The webhook signature of the Alice Onboarding API, both halves: how a delivery is signed
// (the self-hosted server signs with this) and how a receiver checks one. The signed message
// is `{event}.{version}:{timestamp}:{body}` (the X-Alice-Event, X-Alice-Event-Version and
// X-Alice-Request-Timestamp headers and the raw body); the signature is its hex HMAC with the
// webhook's algorithm, keyed with the UTF-8 bytes of the webhook's secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type WebhookAlgorithm = 'sha256' | 'sha512';
export const WEBHOOK_ALGORITHMS: readonly WebhookAlgorithm[] = ['sha256', 'sha512'];

/** The delivery headers, lower-cased as Node's `req.headers` has them. */
export const WEBHOOK_HEADERS = {
  event: 'x-alice-event',
  version: 'x-alice-event-version',
  delivery: 'x-alice-delivery',
  timestamp: 'x-alice-request-timestamp',
  signature: 'x-alice-signature',
  webhookId: 'x-alice-webhookid',
} as const;

export interface WebhookSignatureInput {
  event: string;
  version: string;
  /** The X-Alice-Request-Timestamp header, exactly as sent. */
  timestamp: string;
  /** The raw body: the exact bytes sent, never a re-serialized copy. */
  body: string | Uint8Array;
  secret: string;
  algorithm: WebhookAlgorithm;
}

/** The hex signature of a delivery (the X-Alice-Signature header). */
export function webhookSignature(input: WebhookSignatureInput): string {
  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
  return createHmac(input.algorithm, Buffer.from(input.secret, 'utf8'))
    .update(`${input.event}.${input.version}:${input.timestamp}:`, 'utf8')
    .update(body)
    .digest('hex');
}

/** Alice's timestamp form, UTC: `2026-12-02 10:11:12.345000` (Python's `%Y-%m-%d %H:%M:%S.%f`). */
export function formatWebhookTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}000`;
}

/** Milliseconds of a timestamp in Alice's form (or ISO 8601 with a zone); NaN when it is neither. */
export function parseWebhookTimestamp(text: string): number {
  const alice = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  if (alice) {
    const [y, mo, d, h, mi, s] = alice.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    return Date.UTC(y, mo - 1, d, h, mi, s) + Math.floor(Number(`0.${alice[7] ?? '0'}`) * 1000);
  }
  return /^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : Number.NaN;
}

export type WebhookVerificationCode =
  | 'WEBHOOK_HEADER_MISSING'
  | 'WEBHOOK_SIGNATURE_INVALID'
  | 'WEBHOOK_TIMESTAMP_INVALID'
  | 'WEBHOOK_TIMESTAMP_EXPIRED'
  | 'WEBHOOK_BODY_INVALID'
  | 'WEBHOOK_OPTIONS_INVALID';

/** Why a delivery was not accepted; answer it with 400 (or 401) and do not act on the body. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  constructor(
    readonly code: WebhookVerificationCode,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifyWebhookOptions {
  /** The secret the webhook was created with. */
  secret: string;
  /** The webhook's algorithm; default sha256 (the API's default). */
  algorithm?: WebhookAlgorithm;
  /** Oldest X-Alice-Request-Timestamp accepted, in seconds (and how far ahead a clock may be); default 300. */
  maxAgeSeconds?: number;
  /** Clock in ms; default Date.now. */
  now?: () => number;
}

export interface VerifiedWebhook<T = unknown> {
  event: string;
  version: string;
  /** X-Alice-Delivery: the same on every retry of one delivery, so the receiver's key to drop a repeat. */
  deliveryId: string;
  /** X-Alice-WebhookId, when sent. */
  webhookId: string | undefined;
  timestamp: Date;
  /** The parsed JSON body. */
  payload: T;
}

type HeaderBag = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

/**
 * Checks a delivery: its signature (compared in constant time) and the age of its timestamp,
 * then parses the body. Throws WebhookVerificationError with a stable `code`.
 */
export function verifyWebhookSignature<T = unknown>(request: { headers: HeaderBag; body: string | Uint8Array }, options: VerifyWebhookOptions): VerifiedWebhook<T> {
  const algorithm = options.algorithm ?? 'sha256';
  const maxAgeSeconds = options.maxAgeSeconds ?? 300;
  if (typeof options.secret !== 'string' || options.secret === '') throw new WebhookVerificationError('WEBHOOK_OPTIONS_INVALID', 'The webhook secret must be a non-empty string.');
  if (!WEBHOOK_ALGORITHMS.includes(algorithm)) throw new WebhookVerificationError('WEBHOOK_OPTIONS_INVALID', `The algorithm must be sha256 or sha512, not ${String(algorithm)}.`);
  if (!(maxAgeSeconds > 0)) throw new WebhookVerificationError('WEBHOOK_OPTIONS_INVALID', 'The maxAgeSeconds option must be a positive number of seconds.');
  const header = (key: keyof typeof WEBHOOK_HEADERS) => {
    const value = readHeader(request.headers, WEBHOOK_HEADERS[key]);
    if (value === undefined || value === '') throw new WebhookVerificationError('WEBHOOK_HEADER_MISSING', `The ${WEBHOOK_HEADERS[key]} header is missing.`);
    return value;
  };
  const event = header('event');
  const version = header('version');
  const timestamp = header('timestamp');
  const signature = header('signature');
  const deliveryId = header('delivery');

  const expected = Buffer.from(webhookSignature({ event, version, timestamp, body: request.body, secret: options.secret, algorithm }), 'hex');
  const given = /^[0-9a-f]+$/i.test(signature) && signature.length % 2 === 0 ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new WebhookVerificationError('WEBHOOK_SIGNATURE_INVALID', `The signature does not match the body signed with this secret (${algorithm}).`);
  }
  const sentAt = parseWebhookTimestamp(timestamp);
  if (Number.isNaN(sentAt)) throw new WebhookVerificationError('WEBHOOK_TIMESTAMP_INVALID', `The timestamp ${JSON.stringify(timestamp)} is not in the form 2026-12-02 10:11:12.345000 (UTC).`);
  const skew = ((options.now ?? Date.now)() - sentAt) / 1000;
  if (Math.abs(skew) > maxAgeSeconds) {
    throw new WebhookVerificationError('WEBHOOK_TIMESTAMP_EXPIRED', `The delivery was signed ${Math.round(Math.abs(skew))} s ${skew < 0 ? 'ahead of' : 'before'} now; at most ${maxAgeSeconds} s is accepted.`);
  }
  let payload: T;
  try {
    payload = JSON.parse(typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8')) as T;
  } catch {
    throw new WebhookVerificationError('WEBHOOK_BODY_INVALID', 'The body is not JSON.');
  }
  return { event, version, deliveryId, webhookId: readHeader(request.headers, WEBHOOK_HEADERS.webhookId), timestamp: new Date(sentAt), payload };
}

function readHeader(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const bag = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(bag).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : bag[key];
  return Array.isArray(value) ? value[0] : value;
}
