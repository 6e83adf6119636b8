// Query-string parsing for the paged endpoints, with 400 INVALID_REQUEST
// naming the bad field.
import type { Request } from 'express';
import { z } from 'zod';
import type { PageQuery, UsersQuery } from '../store/store.js';
import { HttpError } from './http-error.js';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const pageSchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
  descending: bool.default(true),
});

const usersSchema = pageSchema.extend({
  authorized: bool.optional(),
  sort_by: z.enum(['created_at', 'email', 'last_selfie_at']).default('created_at'),
  filter_field: z.enum(['email', 'state']).optional(),
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

export function usersQuery(req: Request): UsersQuery {
  const q = parse(usersSchema, req);
  if (q.filter_field === 'state' && q.filter_value !== undefined && !['NO_SELFIE', 'SELFIE_VALID', 'SELFIE_VOIDED'].includes(q.filter_value)) {
    throw new HttpError(400, 'INVALID_REQUEST', 'The filter_value for state must be NO_SELFIE, SELFIE_VALID or SELFIE_VOIDED.', { details: { field: 'filter_value' } });
  }
  return {
    page: q.page, pageSize: q.page_size, descending: q.descending, authorized: q.authorized,
    sortBy: q.sort_by, filterField: q.filter_value === undefined ? undefined : q.filter_field, filterValue: q.filter_field ? q.filter_value : undefined,
  };
}
