// The user status query (counts and latest valid selfie per user) and the
// paged listing built on it. Statements are prepared once per shape
// (sort × direction × filters) and cached.
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

export class UsersQueryCache {
  readonly #db: Db;
  readonly #cache = new Map<string, { list: Statement; count: Statement }>();

  constructor(db: Db) {
    this.#db = db;
  }

  run(q: UsersQuery): { rows: Record<string, unknown>[]; total: number } {
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
    const key = `${where.join('|')}|${q.sortBy}|${dir}`;
    let stmts = this.#cache.get(key);
    if (!stmts) {
      const base = `SELECT * FROM (SELECT x.*, ${STATE_SQL} AS state FROM (${USER_STATUS_SQL}) x) y
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
      stmts = {
        list: this.#db.prepare(`${base} ORDER BY ${q.sortBy} ${dir}, created_at ${dir}, id ${dir} LIMIT @limit OFFSET @offset`),
        count: this.#db.prepare(`SELECT COUNT(*) AS n FROM (${base}) z`),
      };
      this.#cache.set(key, stmts);
    }
    const total = (stmts.count.get(params) as { n: number }).n;
    const rows = stmts.list.all({ ...params, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }) as Record<string, unknown>[];
    return { rows, total };
  }
}
