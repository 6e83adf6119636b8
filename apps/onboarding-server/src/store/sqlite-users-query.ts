// The user status query (counts, latest valid selfie, selfie state and user
// state per user) and the paged listing built on it, in SQL both stores run
// (PostgreSQL through postgres-params.ts). SQLite prepares the statements
// once per shape (sort × direction × filters) and caches them.
import type { Db } from './sqlite-db.js';
import type { UsersQuery } from './store.js';

type Statement = ReturnType<Db['prepare']>;

/**
 * The status of the users matching `where` (a condition on `u`, the users
 * table). The two states are derived here and nowhere else: `state` from the
 * selfies; `user_state` ACCEPTED while face login is enabled, REJECTED after
 * a rejection, otherwise following the selfies (TO_REVIEW with a valid one,
 * IN_PROGRESS with voided ones only, NOT_STARTED with none).
 */
export function userStatusSql(where = ''): string {
  return `
  SELECT x.*,
    CASE WHEN x.valid_selfies > 0 THEN 'SELFIE_VALID' WHEN x.selfies > 0 THEN 'SELFIE_VOIDED' ELSE 'NO_SELFIE' END AS state,
    CASE WHEN x.authorized = 1 THEN 'ACCEPTED' WHEN x.rejected = 1 THEN 'REJECTED'
      WHEN x.valid_selfies > 0 THEN 'TO_REVIEW' WHEN x.selfies > 0 THEN 'IN_PROGRESS' ELSE 'NOT_STARTED' END AS user_state
  FROM (SELECT u.*,
    (SELECT COUNT(*) FROM selfies s WHERE s.user_id = u.id) AS selfies,
    (SELECT COUNT(*) FROM selfies s WHERE s.user_id = u.id AND s.voided = 0) AS valid_selfies,
    (SELECT COUNT(*) FROM authentications a WHERE a.user_id = u.id) AS authentications,
    (SELECT MAX(s.created_at) FROM selfies s WHERE s.user_id = u.id) AS last_selfie_at,
    (SELECT MAX(a.created_at) FROM authentications a WHERE a.user_id = u.id) AS last_authentication_at,
    (SELECT s.liveness FROM selfies s WHERE s.user_id = u.id AND s.voided = 0
       ORDER BY s.created_at DESC, s.id DESC LIMIT 1) AS face_liveness,
    (SELECT s.cropped_face_media_id FROM selfies s WHERE s.user_id = u.id AND s.voided = 0
       ORDER BY s.created_at DESC, s.id DESC LIMIT 1) AS cropped_face_media_id,
    (SELECT GROUP_CONCAT(DISTINCT s.template_version) FROM selfies s WHERE s.user_id = u.id AND s.voided = 0) AS valid_template_versions
  FROM users u ${where}) x`;
}

/** Users counted by user state, with face login, with a selfie and with a valid selfie. */
export const USERS_STATS_SQL = `
  SELECT COUNT(*) AS total,
    COALESCE(SUM(authorized), 0) AS authorized,
    COUNT(*) FILTER (WHERE selfies > 0) AS with_selfie,
    COUNT(*) FILTER (WHERE valid_selfies > 0) AS with_valid_selfie,
    ${['NOT_STARTED', 'IN_PROGRESS', 'TO_REVIEW', 'ACCEPTED', 'REJECTED'].map((s) => `COUNT(*) FILTER (WHERE user_state = '${s}') AS "${s}"`).join(',\n    ')}
  FROM (${userStatusSql()}) st`;

/** The listing's SQL (list and count), its filter parameters and its page (`limit` null: every row); `key` names its shape. */
export function buildUsersQuery(q: UsersQuery): {
  key: string;
  list: string;
  count: string;
  params: Record<string, unknown>;
  page: { limit: number | null; offset: number };
} {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.authorized) where.push('authorized = 1');
  if (q.filterField === 'email' && q.filterValue !== undefined) {
    // Substring search, case-insensitive; the user's % and _ are literal.
    where.push(`LOWER(email) LIKE @email ESCAPE '\\'`);
    params.email = `%${q.filterValue.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  if ((q.filterField === 'state' || q.filterField === 'user_state') && q.filterValue !== undefined) {
    where.push(`${q.filterField} = @state`);
    params.state = q.filterValue;
  }
  const dir = q.descending ? 'DESC' : 'ASC';
  // Spelled out: SQLite and PostgreSQL put NULLs at opposite ends by default.
  const nulls = q.descending ? 'NULLS LAST' : 'NULLS FIRST';
  const base = `SELECT * FROM (${userStatusSql()}) y ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const all = q.pageSize === 0; // page_size 0 reads every user
  return {
    key: `${where.join('|')}|${q.sortBy}|${dir}`,
    list: `${base} ORDER BY ${q.sortBy} ${dir} ${nulls}, created_at ${dir}, id ${dir} LIMIT @limit OFFSET @offset`,
    count: `SELECT COUNT(*) AS n FROM (${base}) z`,
    params,
    page: { limit: all ? null : q.pageSize, offset: all ? 0 : (q.page - 1) * q.pageSize },
  };
}

export class UsersQueryCache {
  readonly #db: Db;
  readonly #cache = new Map<string, { list: Statement; count: Statement }>();

  constructor(db: Db) {
    this.#db = db;
  }

  run(q: UsersQuery): { rows: Record<string, unknown>[]; total: number } {
    const built = buildUsersQuery(q);
    let stmts = this.#cache.get(built.key);
    if (!stmts) {
      stmts = { list: this.#db.prepare(built.list), count: this.#db.prepare(built.count) };
      this.#cache.set(built.key, stmts);
    }
    const total = (stmts.count.get(built.params) as { n: number }).n;
    // LIMIT -1 is SQLite's "no limit".
    const rows = stmts.list.all({ ...built.params, limit: built.page.limit ?? -1, offset: built.page.offset }) as Record<string, unknown>[];
    return { rows, total };
  }
}
