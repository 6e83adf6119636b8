// Users: create, delete (with every file of theirs), status and paged
// listings. Face login and the user state are in user-state-service.ts.
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../deps.js';
import { HttpError } from '@alice-face/http-common';
import type { DeviceRow, UserRow, UsersQuery } from '../store/store.js';
import { events } from '../webhooks/events.js';
import { userStatus, userSummary } from './views.js';

export async function requireUser(deps: AppDeps, userId: string): Promise<UserRow> {
  const user = await deps.store.getUser(userId);
  if (!user) throw new HttpError(404, 'USER_NOT_FOUND', 'No user has this id.');
  return user;
}

export interface NewUser {
  email?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  device?: Partial<DeviceRow> | undefined;
}

export async function createUser(deps: AppDeps, data: NewUser): Promise<string> {
  const id = randomUUID();
  const at = deps.now();
  await deps.store.createUser({
    id,
    email: data.email ?? null,
    firstName: data.firstName ?? null,
    lastName: data.lastName ?? null,
    createdAt: new Date(at).toISOString(),
    authorized: false,
    reportId: randomUUID(),
    device: { platform: data.device?.platform ?? null, platformVersion: data.device?.platformVersion ?? null, model: data.device?.model ?? null },
    rejected: false,
    stateOperator: null,
    stateUpdateReasons: null,
    stateUpdatedAt: null,
  }, [events.userCreated(at, id)]);
  deps.webhooks.dispatcher.notify();
  return id;
}

export async function deleteUser(deps: AppDeps, userId: string): Promise<void> {
  await requireUser(deps, userId);
  const mediaIds = await deps.store.deleteUser(userId, [events.userDeleted(deps.now(), userId)]);
  deps.webhooks.dispatcher.notify();
  // Rows first (one transaction), then files: a crash in between leaves only
  // orphan files, which the start-up sweep removes. Then the database's own
  // files: with secure_delete the freed pages hold zeros, and the write-ahead
  // log that still held the rows is checkpointed and truncated.
  await deps.media.remove(mediaIds);
  await deps.store.purgeDeleted();
}

export async function getUserStatus(deps: AppDeps, userId: string) {
  const row = await deps.store.getUserStatus(userId);
  if (!row) throw new HttpError(404, 'USER_NOT_FOUND', 'No user has this id.');
  return userStatus(row, deps.baseUrl());
}

export async function listUsers(deps: AppDeps, q: UsersQuery, withStatus: boolean) {
  const { rows, total } = await deps.store.listUsers(q);
  const base = deps.baseUrl();
  return {
    users: rows.map((r) => (withStatus ? userStatus(r, base) : userSummary(r))),
    total,
    page: q.page,
    page_size: q.pageSize,
  };
}
