// Reads the constructor options once, fails fast with a message that names
// the option and the fix, and returns them normalised. `undefined` behaves
// as if the option were left out.
import type { Request } from 'express';
import { didYouMean } from './did-you-mean.js';
import { invalidOption } from './errors.js';
import { resolveClient } from './resolve-client.js';
import { MemoryReplayStore, type ReplayStore } from './replay-store.js';
import type { AuthenticationSource } from './types.js';

export interface ResolvedOptions {
  source: AuthenticationSource;
  userId: (req: Request) => unknown;
  livenessThreshold: number;
  matchingThreshold: number;
  authenticationIdField: string;
  authenticationIdHeader: string;
  /** Reads the id kept server-side; undefined: the body/query/header lookup. */
  authenticationId: ((req: Request) => unknown) | undefined;
  maxAgeSeconds: number;
  clockToleranceSeconds: number;
  replayStore: ReplayStore;
  now: () => number;
  passReqToCallback: boolean;
}

const KNOWN = [
  'client',
  'userId',
  'livenessThreshold',
  'matchingThreshold',
  'authenticationIdField',
  'authenticationIdHeader',
  'authenticationId',
  'maxAgeSeconds',
  'clockToleranceSeconds',
  'replayStore',
  'now',
  'passReqToCallback',
] as const;

// An HTTP header name token (RFC 9110), compared lower-case as Node stores them.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}

function score(options: Record<string, unknown>, name: string): number {
  const value = options[name] === undefined ? 50 : options[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw invalidOption(
      `\`${name}\` must be a number from 0 to 100 (the API's score scale, 50 recommended), received ${describe(value)}.`,
    );
  }
  return value;
}

function seconds(options: Record<string, unknown>, name: string, fallback: number, allowZero: boolean): number {
  const value = options[name] === undefined ? fallback : options[name];
  const ok = typeof value === 'number' && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) {
    const range = allowZero ? 'zero or more' : 'greater than 0';
    throw invalidOption(`\`${name}\` must be a number of seconds ${range}, received ${describe(value)}.`);
  }
  return value;
}

function text(options: Record<string, unknown>, name: string, fallback: string): string {
  const value = options[name] === undefined ? fallback : options[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidOption(`\`${name}\` must be a non-empty string, received ${describe(value)}.`);
  }
  return value;
}

function header(options: Record<string, unknown>): string {
  const value = text(options, 'authenticationIdHeader', 'x-authentication-id').toLowerCase();
  if (!HEADER_NAME.test(value)) {
    throw invalidOption(`\`authenticationIdHeader\` must be a valid HTTP header name such as "x-authentication-id", received ${describe(value)}.`);
  }
  return value;
}

function replayStore(options: Record<string, unknown>, now: () => number): ReplayStore {
  const value = options.replayStore;
  if (value === undefined) return new MemoryReplayStore({ now });
  if (typeof value !== 'object' || value === null || typeof (value as ReplayStore).claim !== 'function') {
    throw invalidOption(
      `\`replayStore\` must be an object with \`claim(id, ttlSeconds): Promise<boolean>\` (e.g. new MemoryReplayStore()), received ${describe(value)}. Replay protection cannot be turned off.`,
    );
  }
  return value as ReplayStore;
}

function checkKeys(options: Record<string, unknown>): void {
  for (const key of Object.keys(options)) {
    if ((KNOWN as readonly string[]).includes(key)) continue;
    const guess = didYouMean(key, KNOWN);
    const hint = guess ? `Did you mean \`${guess}\`?` : `Known options: ${KNOWN.join(', ')}.`;
    throw invalidOption(`unknown option \`${key}\`. ${hint}`);
  }
}

export function resolveOptions(input: unknown): ResolvedOptions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidOption(`options must be an object with at least \`client\` and \`userId\`, received ${describe(input)}.`);
  }
  const options = input as Record<string, unknown>;
  checkKeys(options);
  if (typeof options.userId !== 'function') {
    throw invalidOption(
      `\`userId\` must be a function \`(req) => string | Promise<string>\` returning the onboarding user id the login claims, received ${describe(options.userId)}.`,
    );
  }
  const now = options.now === undefined ? Date.now : options.now;
  if (typeof now !== 'function') {
    throw invalidOption(`\`now\` must be a function returning the time in milliseconds, received ${describe(now)}.`);
  }
  if (options.authenticationId !== undefined && typeof options.authenticationId !== 'function') {
    throw invalidOption(
      `\`authenticationId\` must be a function \`(req) => string | undefined\` returning the authentication id your backend kept, received ${describe(options.authenticationId)}.`,
    );
  }
  const passReq = options.passReqToCallback === undefined ? false : options.passReqToCallback;
  if (typeof passReq !== 'boolean') {
    throw invalidOption(`\`passReqToCallback\` must be true or false, received ${describe(passReq)}.`);
  }
  return {
    source: resolveClient(options.client),
    userId: options.userId as (req: Request) => unknown,
    livenessThreshold: score(options, 'livenessThreshold'),
    matchingThreshold: score(options, 'matchingThreshold'),
    authenticationIdField: text(options, 'authenticationIdField', 'authentication_id'),
    authenticationIdHeader: header(options),
    authenticationId: options.authenticationId as ((req: Request) => unknown) | undefined,
    maxAgeSeconds: seconds(options, 'maxAgeSeconds', 120, false),
    clockToleranceSeconds: seconds(options, 'clockToleranceSeconds', 30, true),
    replayStore: replayStore(options, now as () => number),
    now: now as () => number,
    passReqToCallback: passReq,
  };
}
