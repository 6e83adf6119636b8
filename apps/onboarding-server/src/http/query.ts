// Query-string parsing for the paged endpoints, read the way the hosted API
// reads what Alice's SDKs send: booleans in any case (Python's `True`), a
// page_size of 0 for every row, unknown parameters ignored. A bad value of a
// known parameter is 400 INVALID_REQUEST naming it.
import type { Request } from 'express';
import { z } from 'zod';
import { USER_STATES, type PageQuery, type UsersQuery } from '../store/store.js';
import { HttpError } from '@alice-face/http-common';

const bool = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(['true', 'false', '1', '0']))
  .transform((v) => v === 'true' || v === '1');

const pageSchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce.number().int().min(0).max(100).default(20),
  descending: bool.default(true),
});

const SELFIE_STATES = ['NO_SELFIE', 'SELFIE_VALID', 'SELFIE_VOIDED'];

const usersSchema = pageSchema.extend({
  authorized: bool.optional(),
  sort_by: z.enum(['created_at', 'email', 'last_selfie_at']).default('created_at'),
  filter_field: z.enum(['email', 'state', 'user_state']).optional(),
  filter_value: z.string().max(320).optional(),
});

function parse<T>(schema: z.ZodType<T>, req: Request): T {
  const single = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const r = schema.safeParse(single);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = String(issue.path[0] ?? 'query');
    throw new HttpError(400, 'INVALID_REQUEST', `The query parameter ${field} is invalid: ${issue.message}.`, { details: { field } });
  }
  return r.data;
}

export function pageQuery(req: Request): PageQuery {
  const q = parse(pageSchema, req);
  return { page: q.page, pageSize: q.page_size, descending: q.descending };
}

/**
 * filter_field=state takes a selfie state (NO_SELFIE, SELFIE_VALID,
 * SELFIE_VOIDED) or a user state (NOT_STARTED … REJECTED); user_state takes
 * a user state.
 */
export function usersQuery(req: Request): UsersQuery {
  const q = parse(usersSchema, req);
  let filterField = q.filter_value === undefined ? undefined : q.filter_field;
  if (filterField === 'state' || filterField === 'user_state') {
    const userState = (USER_STATES as readonly string[]).includes(q.filter_value!);
    if (!userState && (filterField === 'user_state' || !SELFIE_STATES.includes(q.filter_value!))) {
      const allowed = filterField === 'state' ? [...SELFIE_STATES, ...USER_STATES] : USER_STATES;
      throw new HttpError(400, 'INVALID_REQUEST', `The filter_value for ${filterField} must be one of ${allowed.join(', ')}.`, { details: { field: 'filter_value' } });
    }
    if (userState) filterField = 'user_state';
  }
  return {
    page: q.page, pageSize: q.page_size, descending: q.descending, authorized: q.authorized,
    sortBy: q.sort_by, filterField, filterValue: filterField ? q.filter_value : undefined,
  };
}

const mediaAccessSchema = pageSchema.extend({ user_id: z.string().min(1).max(100).optional() });

/** GET /media_access: a page (newest first), optionally of one user's downloads. */
export function mediaAccessQuery(req: Request): { page: number; pageSize: number; userId?: string | undefined } {
  const q = parse(mediaAccessSchema, req);
  return { page: q.page, pageSize: q.page_size, userId: q.user_id };
}
