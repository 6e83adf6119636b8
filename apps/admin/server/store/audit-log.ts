import type { AuditAction, AuditEntry } from '../api-types.js';
import type { Db } from './db.js';

export interface AuditFilter {
  action?: AuditAction | undefined;
  outcome?: 'success' | 'failure' | undefined;
  /** Substring of the reviewer's email. */
  reviewer?: string | undefined;
  /** User id, or a substring of the user's email. */
  user?: string | undefined;
  page: number;
  pageSize: number;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at' | 'media_id'> & { media_id?: string | null };

/** Append-only log of decisions and media views. There is deliberately no update or delete method (and triggers refuse both). */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  append(entry: NewAuditEntry): AuditEntry {
    const at = new Date(this.now()).toISOString();
    const info = this.db
      .prepare(
        `INSERT INTO audit (at, reviewer_email, action, user_id, user_email, media_id, reason, outcome, error_code, error_message)
         VALUES (@at, @reviewer_email, @action, @user_id, @user_email, @media_id, @reason, @outcome, @error_code, @error_message)`,
      )
      .run({ ...entry, media_id: entry.media_id ?? null, at });
    return { id: Number(info.lastInsertRowid), at, ...entry, media_id: entry.media_id ?? null };
  }

  list(filter: AuditFilter): { entries: AuditEntry[]; total: number } {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (filter.action) {
      where.push('action = @action');
      params.action = filter.action;
    }
    if (filter.outcome) {
      where.push('outcome = @outcome');
      params.outcome = filter.outcome;
    }
    if (filter.reviewer) {
      where.push("reviewer_email LIKE @reviewer ESCAPE '\\'");
      params.reviewer = `%${escapeLike(filter.reviewer)}%`;
    }
    if (filter.user) {
      where.push("(user_id = @userId OR user_email LIKE @user ESCAPE '\\')");
      params.userId = filter.user;
      params.user = `%${escapeLike(filter.user)}%`;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM audit ${clause}`).get(params) as { n: number }).n;
    const entries = this.db
      .prepare(`SELECT * FROM audit ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize }) as AuditEntry[];
    return { entries, total };
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
