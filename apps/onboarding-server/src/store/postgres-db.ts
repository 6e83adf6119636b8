// A node-postgres pool running the shared SQL (compiled by postgres-params.ts):
// rows, row counts, and transactions on one pooled connection.
import type pg from 'pg';
import { compile, values } from './postgres-params.js';

export type Raw = Record<string, unknown>;
export type Params = unknown[] | Record<string, unknown>;
export type Queryable = pg.Pool | pg.PoolClient;

export class PgDb {
  constructor(readonly pool: pg.Pool) {}

  async rows(sql: string, params: Params = [], on: Queryable = this.pool): Promise<Raw[]> {
    const c = compile(sql);
    return (await on.query(c.text, values(c, params))).rows as Raw[];
  }

  async run(sql: string, params: Params = [], on: Queryable = this.pool): Promise<number> {
    const c = compile(sql);
    return (await on.query(c.text, values(c, params))).rowCount ?? 0;
  }

  /** Runs `work` in one transaction on one connection: committed when it returns, rolled back when it throws. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
}
