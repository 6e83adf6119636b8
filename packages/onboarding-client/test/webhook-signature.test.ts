// The webhook signature, both halves: webhookSignature signs with the documented recipe (checked
// here against node:crypto directly), verifyWebhookSignature accepts exactly what was signed with
// the secret, recently, and names what is wrong otherwise.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatWebhookTimestamp, parseWebhookTimestamp, verifyWebhookSignature, webhookSignature, WebhookVerificationError } from '../src/index.js';

const secret = '4f1c2d3e4a5b6c7d8e9f00112233445566778899';
const now = Date.UTC(2026, 11, 2, 10, 11, 12, 345);
const body = '{"event_id":"e1","event_name":"selfie_added","user_id":"u1","face_liveness":87.5,"name":"Jos\\u00e9"}';

function delivery(overrides: Record<string, string | undefined> = {}, sign: { secret?: string; algorithm?: 'sha256' | 'sha512'; body?: string } = {}) {
  const timestamp = overrides['X-Alice-Request-Timestamp'] ?? formatWebhookTimestamp(now);
  const signature = webhookSignature({ event: 'selfie_added', version: '1', timestamp, body: sign.body ?? body, secret: sign.secret ?? secret, algorithm: sign.algorithm ?? 'sha256' });
  const headers: Record<string, string | undefined> = {
    'X-Alice-Event': 'selfie_added', 'X-Alice-Event-Version': '1', 'X-Alice-Delivery': 'd-1', 'X-Alice-WebhookId': 'w-1',
    'X-Alice-Request-Timestamp': timestamp, 'X-Alice-Signature': signature, ...overrides,
  };
  return { headers, body };
}

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(WebhookVerificationError);
    expect((err as Error).message).toMatch(/^[A-Z]/);
    return (err as WebhookVerificationError).code;
  }
  throw new Error('It did not throw.');
};

describe('webhookSignature', () => {
  it('is the hex HMAC of `{event}.{version}:{timestamp}:{body}` keyed with the secret', () => {
    const timestamp = '2026-12-02 10:11:12.345000';
    for (const algorithm of ['sha256', 'sha512'] as const) {
      const expected = createHmac(algorithm, secret).update(`selfie_added.1:${timestamp}:${body}`).digest('hex');
      expect(webhookSignature({ event: 'selfie_added', version: '1', timestamp, body, secret, algorithm })).toBe(expected);
      expect(webhookSignature({ event: 'selfie_added', version: '1', timestamp, body: Buffer.from(body), secret, algorithm })).toBe(expected);
    }
  });

  it('writes and reads the timestamp in Alice\'s UTC form', () => {
    expect(formatWebhookTimestamp(now)).toBe('2026-12-02 10:11:12.345000');
    expect(parseWebhookTimestamp('2026-12-02 10:11:12.345000')).toBe(now);
    expect(parseWebhookTimestamp('2026-12-02 10:11:12')).toBe(now - 345);
    expect(parseWebhookTimestamp('2026-12-02T10:11:12.345Z')).toBe(now);
    expect(parseWebhookTimestamp('yesterday')).toBeNaN();
  });
});

describe('verifyWebhookSignature', () => {
  it('accepts a delivery signed with the secret, from Node headers, a Headers object or any header case', () => {
    const d = delivery();
    const lower = Object.fromEntries(Object.entries(d.headers).map(([k, v]) => [k.toLowerCase(), v]));
    for (const headers of [d.headers, lower, new Headers(lower as Record<string, string>)]) {
      const v = verifyWebhookSignature({ headers, body: Buffer.from(d.body) }, { secret, now: () => now + 1000 });
      expect(v).toMatchObject({ event: 'selfie_added', version: '1', deliveryId: 'd-1', webhookId: 'w-1', payload: { face_liveness: 87.5, name: 'José' } });
      expect(v.timestamp.getTime()).toBe(now);
    }
    const sha512 = delivery({}, { algorithm: 'sha512' });
    expect(verifyWebhookSignature(sha512, { secret, algorithm: 'sha512', now: () => now }).deliveryId).toBe('d-1');
  });

  it('refuses a changed body, another secret or algorithm, and a malformed signature', () => {
    const d = delivery();
    expect(codeOf(() => verifyWebhookSignature({ ...d, body: d.body.replace('87.5', '97.5') }, { secret, now: () => now }))).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(codeOf(() => verifyWebhookSignature(d, { secret: `${secret}0`, now: () => now }))).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(codeOf(() => verifyWebhookSignature(d, { secret, algorithm: 'sha512', now: () => now }))).toBe('WEBHOOK_SIGNATURE_INVALID');
    for (const signature of ['zz', 'abc', (d.headers['X-Alice-Signature'] ?? '').slice(2)]) {
      expect(codeOf(() => verifyWebhookSignature(delivery({ 'X-Alice-Signature': signature }), { secret, now: () => now }))).toBe('WEBHOOK_SIGNATURE_INVALID');
    }
    // The event and version are signed too: a delivery replayed under another event fails.
    expect(codeOf(() => verifyWebhookSignature(delivery({ 'X-Alice-Event': 'user_created' }), { secret, now: () => now }))).toBe('WEBHOOK_SIGNATURE_INVALID');
  });

  it('refuses a timestamp older (or further ahead) than maxAgeSeconds, and one it cannot read', () => {
    const d = delivery();
    expect(verifyWebhookSignature(d, { secret, now: () => now + 299_000 }).event).toBe('selfie_added');
    expect(codeOf(() => verifyWebhookSignature(d, { secret, now: () => now + 301_000 }))).toBe('WEBHOOK_TIMESTAMP_EXPIRED');
    expect(codeOf(() => verifyWebhookSignature(d, { secret, now: () => now - 301_000 }))).toBe('WEBHOOK_TIMESTAMP_EXPIRED');
    expect(codeOf(() => verifyWebhookSignature(d, { secret, maxAgeSeconds: 10, now: () => now + 11_000 }))).toBe('WEBHOOK_TIMESTAMP_EXPIRED');
    expect(codeOf(() => verifyWebhookSignature(delivery({ 'X-Alice-Request-Timestamp': 'Tue, 1 Dec' }), { secret, now: () => now }))).toBe('WEBHOOK_TIMESTAMP_INVALID');
  });

  it('names a missing header, a body that is not JSON, and bad options', () => {
    for (const name of ['X-Alice-Event', 'X-Alice-Event-Version', 'X-Alice-Request-Timestamp', 'X-Alice-Signature', 'X-Alice-Delivery']) {
      expect(codeOf(() => verifyWebhookSignature(delivery({ [name]: undefined }), { secret, now: () => now }))).toBe('WEBHOOK_HEADER_MISSING');
    }
    const notJson = delivery({}, { body: 'not json' });
    expect(codeOf(() => verifyWebhookSignature({ ...notJson, body: 'not json' }, { secret, now: () => now }))).toBe('WEBHOOK_BODY_INVALID');
    expect(codeOf(() => verifyWebhookSignature(delivery(), { secret: '' }))).toBe('WEBHOOK_OPTIONS_INVALID');
    expect(codeOf(() => verifyWebhookSignature(delivery(), { secret, algorithm: 'md5' as 'sha256' }))).toBe('WEBHOOK_OPTIONS_INVALID');
    expect(codeOf(() => verifyWebhookSignature(delivery(), { secret, maxAgeSeconds: 0 }))).toBe('WEBHOOK_OPTIONS_INVALID');
  });
});
