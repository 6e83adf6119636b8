// One signed POST to a webhook's post_url, and what came of it. Headers as
// Alice's service sends them (X-Alice-Event, -Event-Version, -Delivery,
// -WebhookId, -Request-Timestamp, -Signature, apikey); a time limit on the
// whole exchange; redirects never followed; the answer's body read up to a
// few KB. Never throws: every outcome is a result to record.
import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { formatWebhookTimestamp, webhookSignature } from '@alice-face/onboarding-client';
import type { WebhookResultRow, WebhookRow } from '../store/webhook-store.js';
import { checkTarget, guardedLookup, type TargetPolicy } from './target-policy.js';

/** Most bytes of an answer's body kept in a result. */
export const MAX_RESPONSE_BODY = 4096;

export interface Delivery {
  webhook: Pick<WebhookRow, 'id' | 'postUrl' | 'apiKey' | 'secret' | 'algorithm'>;
  event: { name: string; version: string };
  /** X-Alice-Delivery: the same on every attempt of one delivery. */
  deliveryId: string;
  body: string;
}

export type Attempt = Omit<WebhookResultRow, 'webhookId' | 'deliveryId' | 'attempt'>;

export interface SenderOptions {
  policy: TargetPolicy;
  timeoutMs: number;
  userAgent: string;
  now: () => number;
}

export class WebhookSender {
  readonly #agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  constructor(readonly options: SenderOptions) {}

  async send(d: Delivery): Promise<Attempt> {
    const { now, timeoutMs, policy } = this.options;
    const sentOn = now();
    const timestamp = formatWebhookTimestamp(sentOn);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': this.options.userAgent,
      'x-alice-event': d.event.name,
      'x-alice-event-version': d.event.version,
      'x-alice-delivery': d.deliveryId,
      'x-alice-webhookid': d.webhook.id,
      'x-alice-request-timestamp': timestamp,
      'x-alice-signature': webhookSignature({ event: d.event.name, version: d.event.version, timestamp, body: d.body, secret: d.webhook.secret, algorithm: d.webhook.algorithm }),
      ...(d.webhook.apiKey ? { apikey: d.webhook.apiKey } : {}),
    };
    const started = performance.now();
    const result = (fields: Pick<Attempt, 'responseStatus' | 'responseHeaders' | 'responseBody' | 'error'>): Attempt => ({
      id: randomUUID(),
      sentOn: new Date(sentOn).toISOString(),
      // The receiver's key is a credential: results show that one was sent, not what it was.
      requestHeaders: d.webhook.apiKey ? { ...headers, apikey: '****' } : headers,
      requestBody: d.body,
      ...fields,
      completedInMs: Math.round((performance.now() - started) * 10) / 10,
      isSuccess: fields.responseStatus !== null && fields.responseStatus >= 200 && fields.responseStatus < 300,
    });
    let url: URL;
    try {
      url = checkTarget(d.webhook.postUrl, policy);
    } catch (err) {
      return result({ responseStatus: null, responseHeaders: null, responseBody: null, error: (err as Error).message });
    }
    try {
      const res = await this.#post(url, headers, d.body, timeoutMs);
      const location = res.status >= 300 && res.status < 400 ? res.headers.location : undefined;
      const error = location === undefined ? null : `Redirects are not followed (Location: ${location}).`;
      return result({ responseStatus: res.status, responseHeaders: res.headers, responseBody: res.body || null, error });
    } catch (err) {
      return result({ responseStatus: null, responseHeaders: null, responseBody: null, error: describe(err, timeoutMs) });
    }
  }

  close(): void {
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  #post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number) {
    const https = url.protocol === 'https:';
    const payload = Buffer.from(body, 'utf8');
    return new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(payload.length) },
        agent: https ? this.#agents.https : this.#agents.http,
        lookup: guardedLookup(this.options.policy),
      });
      const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'WEBHOOK_TIMEOUT' })), timeoutMs);
      req.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.once('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BODY) chunks.push(chunk.subarray(0, MAX_RESPONSE_BODY - size));
          size += chunk.length;
        });
        res.once('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res), body: Buffer.concat(chunks).toString('utf8') });
        });
        res.once('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
      });
      req.end(payload);
    });
  }
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
}

/** A sentence for the result's `error`. */
function describe(err: unknown, timeoutMs: number): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.name === 'TargetRefused') return e.message;
  if (e?.code === 'WEBHOOK_TIMEOUT') return `No answer within ${timeoutMs} ms.`;
  return `Could not deliver${e?.code ? ` (${e.code})` : ''}: ${e?.message ?? String(err)}`;
}
