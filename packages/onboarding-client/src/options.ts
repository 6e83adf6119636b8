// Checks the constructor options once, with messages that name the option and the fix.
import { LOCAL_URL } from './constants.js';
import { CLIENT_ERROR_CODES, OnboardingApiError } from './errors.js';
import { defaultSleep } from './retry.js';
import type { OnboardingClientOptions } from './types.js';

export interface ResolvedOptions {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
  now: () => number;
  retries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  maxCachedTokens: number;
}

function invalid(message: string): OnboardingApiError {
  return new OnboardingApiError({ status: 0, code: CLIENT_ERROR_CODES.INVALID_OPTIONS, message, operation: 'OnboardingClient' });
}

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw invalid(`OnboardingClient option \`${name}\` must be an integer >= ${min}; received ${String(value)}.`);
  }
  return value;
}

export function resolveOptions(options: OnboardingClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw invalid('OnboardingClient needs an options object with `apiKey`.');
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw invalid('OnboardingClient option `apiKey` must be a non-empty string (the Onboarding API key).');
  }
  const rawUrl = options.baseUrl ?? LOCAL_URL;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw invalid(`OnboardingClient option \`baseUrl\` must be an absolute URL ending in /onboarding; received ${rawUrl}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`OnboardingClient option \`baseUrl\` must use http or https; received ${url.protocol}.`);
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw invalid('OnboardingClient needs a `fetch` function (Node 20+ has one).');
  const retryBaseDelayMs = count('retryBaseDelayMs', options.retryBaseDelayMs, 250, 0);
  return {
    apiKey: options.apiKey,
    baseUrl: rawUrl.replace(/\/+$/, ''),
    timeoutMs: count('timeoutMs', options.timeoutMs, 30_000, 1),
    fetch: fetchImpl,
    now: options.now ?? Date.now,
    retries: count('retries', options.retries, 2, 0),
    retryBaseDelayMs,
    maxRetryDelayMs: count('maxRetryDelayMs', options.maxRetryDelayMs, 10_000, 0),
    sleep: options.sleep ?? defaultSleep,
    maxCachedTokens: count('maxCachedTokens', options.maxCachedTokens, 1000, 1),
  };
}
