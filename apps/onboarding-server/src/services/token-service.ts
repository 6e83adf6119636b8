// The four tokens of the contract, and API key checks for the login token.
import { randomUUID } from 'node:crypto';
import { hashApiKey, newApiKey } from '../auth/secrets.js';
import type { AppDeps } from '../deps.js';
import { HttpError } from '@alice-face/http-common';
import type { ApiKeyRow, Store } from '../store/store.js';

export async function loginToken(deps: AppDeps, apiKey: string | undefined): Promise<string> {
  const key = apiKey ? await deps.store.findApiKeyByHash(hashApiKey(apiKey)) : undefined;
  if (!key || key.revokedAt !== null) {
    throw new HttpError(401, 'INVALID_API_KEY', 'The API key is missing, unknown or revoked.');
  }
  return deps.signer.sign('login', undefined, key.id);
}

/** A user-scoped token, carrying the API key of the login token it was asked with. */
export async function userScopedToken(deps: AppDeps, kind: 'backend_user' | 'user', userId: string, apiKeyId: string | undefined): Promise<string> {
  if (!(await deps.store.getUser(userId))) throw new HttpError(404, 'USER_NOT_FOUND', 'No user has this id.');
  return deps.signer.sign(kind, userId, apiKeyId);
}

/** Creates an API key; the plain key is returned once and only its hash is kept. */
export async function createApiKey(store: Store, name: string, now: Date, plain = newApiKey()): Promise<{ key: string; row: ApiKeyRow }> {
  const row: ApiKeyRow = { id: randomUUID(), name, prefix: plain.slice(0, 10), createdAt: now.toISOString(), revokedAt: null };
  await store.addApiKey({ ...row, hash: hashApiKey(plain) });
  return { key: plain, row };
}

/** Makes sure a configured key is accepted (idempotent across restarts). */
export async function ensureApiKey(store: Store, plain: string, now: Date): Promise<void> {
  const found = await store.findApiKeyByHash(hashApiKey(plain));
  if (!found) await createApiKey(store, 'configured', now, plain);
}
