// The user-state part of the SQLite store: the stats by state, and the one
// update every change of state goes through (enable, disable, void, PATCH
// /user/state). The state itself is derived in userStatusSql.
import { Q } from './queries.js';
import type { Db } from './sqlite-db.js';
import { stateUpdateParams, toUsersStats } from './sqlite-rows.js';
import type { StateUpdate, UsersStats, UserState } from './store.js';

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
      stats: db.prepare(Q.usersStats),
      update: db.prepare(Q.updateState),
      state: db.prepare(Q.userState),
    };
  }

  stats(): UsersStats {
    return toUsersStats(this.#s.stats.get() as Record<string, unknown>);
  }

  /** Applies the update in one transaction; with `expected`, rolls it back unless the state that follows is that one. */
  update(id: string, u: StateUpdate, expected?: UserState): { state: UserState; applied: boolean } | undefined {
    try {
      return this.#db.transaction(() => {
        const changed = this.#s.update.run(stateUpdateParams(id, u)).changes;
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
