// Query strings of the paged list endpoints, in the wire's snake_case.
import type { AuthenticationsQuery, UsersQuery } from './types.js';

export function usersQuery(q: UsersQuery = {}): URLSearchParams {
  const params = pagingQuery(q);
  if (q.authorized !== undefined) params.set('authorized', String(q.authorized));
  if (q.sortBy !== undefined) params.set('sort_by', q.sortBy);
  if (q.filterField !== undefined) params.set('filter_field', q.filterField);
  if (q.filterValue !== undefined) params.set('filter_value', q.filterValue);
  return params;
}

export function pagingQuery(q: AuthenticationsQuery = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (q.page !== undefined) params.set('page', String(q.page));
  if (q.pageSize !== undefined) params.set('page_size', String(q.pageSize));
  if (q.descending !== undefined) params.set('descending', String(q.descending));
  return params;
}
