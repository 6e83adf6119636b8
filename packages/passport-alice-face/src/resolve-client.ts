// The `client` option: an OnboardingClient (or any object with
// `getAuthentication`), or `{ apiKey, baseUrl }` to build one. The API key
// and the tokens it buys travel to `baseUrl`, so plain HTTP is refused unless
// the server is on this machine or the app says the network is trusted.
import { OnboardingClient } from '@alice-face/onboarding-client';
import { didYouMean } from './did-you-mean.js';
import { invalidOption } from './errors.js';
import type { AuthenticationSource } from './types.js';

const SETTINGS = ['apiKey', 'baseUrl', 'timeoutMs', 'allowInsecureHttp'] as const;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

function isSource(value: object): value is AuthenticationSource {
  return typeof (value as Partial<AuthenticationSource>).getAuthentication === 'function';
}

function checkBaseUrl(baseUrl: unknown, allowInsecureHttp: boolean): string | undefined {
  if (baseUrl === undefined) return undefined; // the client's default: the local server
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw invalidOption(`\`client.baseUrl\` must be an absolute URL ending in /onboarding, received ${JSON.stringify(baseUrl)}.`);
  }
  if (typeof baseUrl !== 'string' || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw invalidOption(`\`client.baseUrl\` must be an http(s) URL ending in /onboarding, received ${JSON.stringify(baseUrl)}.`);
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && !allowInsecureHttp) {
    throw invalidOption(
      `\`client.baseUrl\` uses plain HTTP to ${url.hostname}: the API key and tokens would travel unencrypted. Use https://, or set \`client.allowInsecureHttp: true\` inside a trusted private network.`,
    );
  }
  return baseUrl;
}

export function resolveClient(value: unknown): AuthenticationSource {
  if (typeof value !== 'object' || value === null) {
    throw invalidOption(
      '`client` is required: pass an OnboardingClient, or `{ apiKey, baseUrl }` to let the strategy build one.',
    );
  }
  if (isSource(value)) return value;
  const settings = value as Record<string, unknown>;
  for (const key of Object.keys(settings)) {
    if ((SETTINGS as readonly string[]).includes(key)) continue;
    const guess = didYouMean(key, SETTINGS);
    throw invalidOption(
      `unknown \`client\` setting \`${key}\`. ${guess ? `Did you mean \`${guess}\`?` : `Known settings: ${SETTINGS.join(', ')}.`}`,
    );
  }
  const { apiKey, timeoutMs } = settings;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw invalidOption(
      '`client` must be an OnboardingClient (an object with getAuthentication) or settings with a non-empty `apiKey` string.',
    );
  }
  const allowInsecureHttp = settings.allowInsecureHttp === undefined ? false : settings.allowInsecureHttp;
  if (typeof allowInsecureHttp !== 'boolean') {
    throw invalidOption('`client.allowInsecureHttp` must be true or false.');
  }
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0)) {
    throw invalidOption(`\`client.timeoutMs\` must be a number of milliseconds greater than 0, received ${String(timeoutMs)}.`);
  }
  const baseUrl = checkBaseUrl(settings.baseUrl, allowInsecureHttp);
  return new OnboardingClient({
    apiKey,
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
}
