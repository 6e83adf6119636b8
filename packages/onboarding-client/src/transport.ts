// One HTTP exchange with the API: time limit, error mapping and retries. Everything that
// fails leaves here as an OnboardingApiError; callers never see a raw Response.
import { CLIENT_ERROR_CODES, OnboardingApiError } from './errors.js';
import { errorFromResponse } from './response.js';
import { isConnectionReset, isRetryableStatus, retryDelayMs } from './retry.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TransportConfig {
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
  retries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

export interface HttpRequest {
  operation: string;
  method: HttpMethod;
  /** Path under the base URL, starting with `/`. */
  path: string;
  query?: URLSearchParams;
  headers?: Record<string, string>;
  /** Rebuilt for every attempt, since a sent body cannot be sent again. */
  body?: () => FormData | string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

export class Transport {
  constructor(private readonly config: TransportConfig) {}

  /** Sends `request`, retrying only idempotent GETs on 502/503/504 and connection resets. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const retries = request.method === 'GET' ? this.config.retries : 0;
    for (let attempt = 0; ; attempt += 1) {
      let failure: OnboardingApiError;
      let retryable: boolean;
      try {
        const response = await this.attempt(request);
        if (response.status >= 200 && response.status < 300) return response;
        failure = errorFromResponse(request.operation, response);
        retryable = isRetryableStatus(response.status);
      } catch (error) {
        if (!(error instanceof OnboardingApiError)) throw error;
        failure = error;
        retryable = failure.code === CLIENT_ERROR_CODES.NETWORK_ERROR && isConnectionReset(failure.cause);
      }
      if (!retryable || attempt >= retries) throw failure;
      await this.config.sleep(
        retryDelayMs(attempt, failure.retryAfterMs, {
          baseDelayMs: this.config.retryBaseDelayMs,
          maxDelayMs: this.config.maxRetryDelayMs,
        }),
      );
    }
  }

  private async attempt(request: HttpRequest): Promise<HttpResponse> {
    const query = request.query?.toString();
    const url = `${this.config.baseUrl}${request.path}${query ? `?${query}` : ''}`;
    // One signal bounds the whole exchange, body included, so a stalled body also times out.
    const signal = AbortSignal.timeout(this.config.timeoutMs);
    try {
      const init: RequestInit = { method: request.method, headers: request.headers ?? {}, signal };
      if (request.body) init.body = request.body();
      const response = await this.config.fetch(url, init);
      const body = Buffer.from(await response.arrayBuffer());
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      throw this.networkError(request.operation, error, signal);
    }
  }

  private networkError(operation: string, error: unknown, signal: AbortSignal): OnboardingApiError {
    if (signal.aborted && (signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError') {
      return new OnboardingApiError({
        status: 0,
        code: CLIENT_ERROR_CODES.TIMEOUT,
        message: `The Onboarding API did not answer within ${this.config.timeoutMs} ms.`,
        operation,
        cause: error,
      });
    }
    const reason = rootCode(error);
    return new OnboardingApiError({
      status: 0,
      code: CLIENT_ERROR_CODES.NETWORK_ERROR,
      message: `Could not reach the Onboarding API at ${this.config.baseUrl}${reason ? ` (${reason})` : ''}.`,
      operation,
      cause: error,
    });
  }
}

/** The innermost error code (ECONNREFUSED, ENOTFOUND…) of a fetch failure, for the message. */
function rootCode(error: unknown): string | undefined {
  let found: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') found = code;
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}
