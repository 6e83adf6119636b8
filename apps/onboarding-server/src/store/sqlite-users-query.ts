// The user status query (counts, latest valid selfie, selfie state and user
// state per user) and the paged listing built on it. Statements are prepared
// once per shape (sort × direction × filters) and cached.
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
    COALESCE(SUM(selfies > 0), 0) AS with_selfie,
    COALESCE(SUM(valid_selfies > 0), 0) AS with_valid_selfie,
    ${['NOT_STARTED', 'IN_PROGRESS', 'TO_REVIEW', 'ACCEPTED', 'REJECTED'].map((s) => `COALESCE(SUM(user_state = '${s}'), 0) AS ${s}`).join(',\n    ')}
  FROM (${userStatusSql()})`;

export class UsersQueryCache {
  readonly #db: Db;
  readonly #cache = new Map<string, { list: Statement; count: Statement }>();

  constructor(db: Db) {
    this.#db = db;
  }

  run(q: UsersQuery): { rows: Record<string, unknown>[]; total: number } {
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
    const key = `${where.join('|')}|${q.sortBy}|${dir}`;
    let stmts = this.#cache.get(key);
    if (!stmts) {
      const base = `SELECT * FROM (${userStatusSql()}) y ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
      stmts = {
        // LIMIT -1 is SQLite's "no limit": page_size 0 reads every user.
        list: this.#db.prepare(`${base} ORDER BY ${q.sortBy} ${dir}, created_at ${dir}, id ${dir} LIMIT @limit OFFSET @offset`),
        count: this.#db.prepare(`SELECT COUNT(*) AS n FROM (${base}) z`),
      };
      this.#cache.set(key, stmts);
    }
    const total = (stmts.count.get(params) as { n: number }).n;
    const all = q.pageSize === 0;
    const rows = stmts.list.all({ ...params, limit: all ? -1 : q.pageSize, offset: all ? 0 : (q.page - 1) * q.pageSize }) as Record<string, unknown>[];
    return { rows, total };
  }
}
