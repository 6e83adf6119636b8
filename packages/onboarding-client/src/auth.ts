// The four token kinds of the API, fetched on demand, cached by TokenCache, and renewed
// once when the API answers 401 (a token revoked, or signed by a key that was rotated).
import { OnboardingApiError } from './errors.js';
import { jsonObject, stringField } from './response.js';
import type { TokenCache } from './token-cache.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';

export type TokenKind = 'login' | 'backend' | 'backend_user' | 'user';

export class TokenProvider {
  constructor(
    private readonly transport: Transport,
    private readonly cache: TokenCache,
    private readonly apiKey: string,
  ) {}

  /** A valid token of `kind` (for `userId` when the kind is user-scoped). */
  async token(kind: TokenKind, userId: string | undefined, operation: string): Promise<string> {
    try {
      return await this.cache.get(cacheKey(kind, userId), () => this.fetchToken(kind, userId));
    } catch (error) {
      throw asOperation(error, operation);
    }
  }

  /** Sends `request` with a Bearer token of `kind`; on 401 drops that token and tries once more. */
  async send(kind: TokenKind, userId: string | undefined, request: HttpRequest): Promise<HttpResponse> {
    const token = await this.token(kind, userId, request.operation);
    try {
      return await this.transport.send(withBearer(request, token));
    } catch (error) {
      if (!(error instanceof OnboardingApiError) || error.status !== 401) throw error;
      this.cache.invalidate(cacheKey(kind, userId), token);
      const fresh = await this.token(kind, userId, request.operation);
      return this.transport.send(withBearer(request, fresh));
    }
  }

  private async fetchToken(kind: TokenKind, userId: string | undefined): Promise<string> {
    const operation = `${kind}Token`;
    let response: HttpResponse;
    if (kind === 'login') {
      response = await this.transport.send({
        operation,
        method: 'GET',
        path: '/login_token',
        headers: { accept: 'application/json', apikey: this.apiKey },
      });
    } else {
      const base = kind === 'user' ? '/user_token' : '/backend_token';
      const path = userId === undefined ? base : `${base}/${encodeURIComponent(userId)}`;
      response = await this.send('login', undefined, { operation, method: 'GET', path, headers: { accept: 'application/json' } });
    }
    return stringField(operation, jsonObject(operation, response), 'token');
  }
}

function cacheKey(kind: TokenKind, userId: string | undefined): string {
  return userId === undefined ? kind : `${kind}:${userId}`;
}

function withBearer(request: HttpRequest, token: string): HttpRequest {
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}

/** Reports a token failure under the caller's method name (a shared token fetch has one). */
function asOperation(error: unknown, operation: string): unknown {
  if (!(error instanceof OnboardingApiError) || error.operation === operation) return error;
  return new OnboardingApiError({
    status: error.status,
    code: error.code,
    message: error.message,
    operation,
    details: error.details,
    cause: error.cause ?? error,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
}
