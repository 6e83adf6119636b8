// Turns response bodies into values or OnboardingApiErrors, checking the shape it relies on.
import { fallbackCode, invalidResponse, OnboardingApiError } from './errors.js';
import { parseRetryAfter } from './retry.js';
import type { HttpResponse } from './transport.js';

/** Error of a non-2xx response: the contract's `{"error": {code, message, details}}` when present. */
export function errorFromResponse(operation: string, response: HttpResponse): OnboardingApiError {
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  let code = fallbackCode(response.status);
  let message = `The Onboarding API answered ${response.status}.`;
  let details: unknown;
  const parsed = tryParseJson(response.body);
  if (isRecord(parsed)) {
    const error = parsed.error;
    if (isRecord(error)) {
      if (typeof error.code === 'string' && error.code) code = error.code;
      if (typeof error.message === 'string' && error.message) message = error.message;
      details = error.details;
    } else if (typeof error === 'string' && error) {
      message = error;
    } else if (typeof parsed.message === 'string' && parsed.message) {
      message = parsed.message;
    }
  }
  return new OnboardingApiError({
    status: response.status,
    code,
    message,
    operation,
    ...(details === undefined ? {} : { details }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** The JSON object of a 2xx response; anything else is INVALID_RESPONSE. */
export function jsonObject(operation: string, response: HttpResponse): Record<string, unknown> {
  const parsed = tryParseJson(response.body);
  if (!isRecord(parsed)) {
    throw invalidResponse(operation, response.status, 'The Onboarding API sent a body that is not a JSON object.');
  }
  return parsed;
}

/** A JSON string body (GET /user/state answers a bare "TO_REVIEW"); anything else is INVALID_RESPONSE. */
export function jsonString(operation: string, response: HttpResponse): string {
  const parsed = tryParseJson(response.body);
  if (typeof parsed !== 'string' || parsed === '') {
    throw invalidResponse(operation, response.status, 'The Onboarding API sent a body that is not a JSON string.');
  }
  return parsed;
}

export function stringField(operation: string, body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') {
    throw invalidResponse(operation, 200, `The Onboarding API response has no string field "${field}".`);
  }
  return value;
}

export function objectField<T>(operation: string, body: Record<string, unknown>, field: string): T {
  const value = body[field];
  if (!isRecord(value)) {
    throw invalidResponse(operation, 200, `The Onboarding API response has no object field "${field}".`);
  }
  return value as T;
}

export function arrayField<T>(operation: string, body: Record<string, unknown>, field: string): T[] {
  const value = body[field];
  if (!Array.isArray(value)) {
    throw invalidResponse(operation, 200, `The Onboarding API response has no array field "${field}".`);
  }
  return value as T[];
}

export function numberField(operation: string, body: Record<string, unknown>, field: string, fallback?: number): number {
  const value = body[field];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (fallback !== undefined && value === undefined) return fallback;
  throw invalidResponse(operation, 200, `The Onboarding API response has no number field "${field}".`);
}

function tryParseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
