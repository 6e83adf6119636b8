// The user status query (counts and latest valid selfie per user) and the
// paged listing built on it, in SQL both stores run. SQLite prepares the
// statements once per shape (sort × direction × filters) and caches them.
import type { Db } from './sqlite-db.js';
import type { UsersQuery } from './store.js';

type Statement = ReturnType<Db['prepare']>;

export const USER_STATUS_SQL = `
  SELECT u.*,
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
  FROM users u`;

const STATE_SQL = `CASE WHEN valid_selfies > 0 THEN 'SELFIE_VALID'
  WHEN selfies > 0 THEN 'SELFIE_VOIDED' ELSE 'NO_SELFIE' END`;

/** The listing's SQL (list and count) and parameters; `key` names its shape (same key, same SQL). */
export function buildUsersQuery(q: UsersQuery): { key: string; list: string; count: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.authorized !== undefined) {
    where.push('authorized = @authorized');
    params.authorized = q.authorized ? 1 : 0;
  }
  if (q.filterField === 'email' && q.filterValue !== undefined) {
    // Substring search, case-insensitive; the user's % and _ are literal.
    where.push(`LOWER(email) LIKE @email ESCAPE '\\'`);
    params.email = `%${q.filterValue.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  if (q.filterField === 'state' && q.filterValue !== undefined) {
    where.push(`state = @state`);
    params.state = q.filterValue;
  }
  const dir = q.descending ? 'DESC' : 'ASC';
  // Spelled out: SQLite and PostgreSQL put NULLs at opposite ends by default.
  const nulls = q.descending ? 'NULLS LAST' : 'NULLS FIRST';
  const base = `SELECT * FROM (SELECT x.*, ${STATE_SQL} AS state FROM (${USER_STATUS_SQL}) x) y
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  return {
    key: `${where.join('|')}|${q.sortBy}|${dir}`,
    list: `${base} ORDER BY ${q.sortBy} ${dir} ${nulls}, created_at ${dir}, id ${dir} LIMIT @limit OFFSET @offset`,
    count: `SELECT COUNT(*) AS n FROM (${base}) z`,
    params: { ...params, limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
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
    const { limit, offset, ...filters } = built.params;
    const total = (stmts.count.get(filters) as { n: number }).n;
    const rows = stmts.list.all({ ...filters, limit, offset }) as Record<string, unknown>[];
    return { rows, total };
  }
}
