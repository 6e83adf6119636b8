// The user-state part of the SQLite store: the stats by state, and the one
// update every change of state goes through (enable, disable, void, PATCH
// /user/state). The state itself is derived in userStatusSql.
import type { Db } from './sqlite-db.js';
import { USERS_STATS_SQL, userStatusSql } from './sqlite-users-query.js';
import { USER_STATES, type StateUpdate, type UsersStats, type UserState } from './store.js';

/** Thrown inside a state transaction to roll it back when the state would not be the one expected. */
class StateMismatch extends Error {
  constructor(readonly state: UserState) {
    super(`State would be ${state}`);
  }
}

export class SqliteUserStates {
  readonly #db: Db;
  readonly #s;

  constructor(db: Db) {
    this.#db = db;
    this.#s = {
      stats: db.prepare(USERS_STATS_SQL),
      update: db.prepare(`UPDATE users SET authorized = COALESCE(@authorized, authorized), rejected = COALESCE(@rejected, rejected),
        state_operator = @operator, state_update_reasons = @reasons, state_updated_at = @at WHERE id = @id`),
      state: db.prepare(`SELECT user_state FROM (${userStatusSql('WHERE u.id = ?')})`),
    };
  }

  stats(): UsersStats {
    const r = this.#s.stats.get() as Record<string, number>;
    return {
      total: r.total!, authorized: r.authorized!, withSelfie: r.with_selfie!, withValidSelfie: r.with_valid_selfie!,
      byState: Object.fromEntries(USER_STATES.map((s) => [s, r[s]!])) as Record<UserState, number>,
    };
  }

  /** Applies the update in one transaction; with `expected`, rolls it back unless the state that follows is that one. */
  update(id: string, u: StateUpdate, expected?: UserState): { state: UserState; applied: boolean } | undefined {
    const bit = (b: boolean | undefined) => (b === undefined ? null : b ? 1 : 0);
    try {
      return this.#db.transaction(() => {
        const changed = this.#s.update.run({
          id, authorized: bit(u.authorized), rejected: bit(u.rejected), operator: u.operator,
          reasons: u.updateReasons && JSON.stringify(u.updateReasons), at: u.at,
        }).changes;
        if (changed === 0) return undefined;
        const state = this.#s.state.pluck().get(id) as UserState;
        if (expected !== undefined && state !== expected) throw new StateMismatch(state);
        return { state, applied: true };
      })();
    } catch (err) {
      if (err instanceof StateMismatch) return { state: err.state, applied: false }; // rolled back
      throw err;
    }
  }
}
