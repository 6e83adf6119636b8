// The user-state part of the PostgreSQL store, as sqlite-user-states.ts is
// SQLite's: the stats by state, and the one update every change of state goes
// through, in one transaction that is rolled back when the state that follows
// is not the one expected.
import type { PgDb } from './postgres-db.js';
import { Q } from './queries.js';
import { stateUpdateParams, toUsersStats } from './sqlite-rows.js';
import type { StateUpdate, UsersStats, UserState } from './store.js';

class StateMismatch extends Error {
  constructor(readonly state: UserState) {
    super(`State would be ${state}`);
  }
}

export class PostgresUserStates {
  constructor(private readonly db: PgDb) {}

  async stats(): Promise<UsersStats> {
    const [r] = await this.db.rows(Q.usersStats);
    return toUsersStats(r ?? {});
  }

  async update(id: string, u: StateUpdate, expected?: UserState): Promise<{ state: UserState; applied: boolean } | undefined> {
    try {
      return await this.db.transaction(async (c) => {
        if ((await this.db.run(Q.updateState, stateUpdateParams(id, u), c)) === 0) return undefined;
        const [r] = await this.db.rows(Q.userState, [id], c);
        const state = String(r?.user_state) as UserState;
        if (expected !== undefined && state !== expected) throw new StateMismatch(state);
        return { state, applied: true };
      });
    } catch (err) {
      if (err instanceof StateMismatch) return { state: err.state, applied: false }; // rolled back
      throw err;
    }
  }
}
