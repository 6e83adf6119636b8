// How the shared SQL becomes PostgreSQL's: parameters numbered, the one
// aggregate spelled differently, column types mapped, quoted text untouched.
import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../src/store/postgres-migrate.js';
import { compile, values } from '../src/store/postgres-params.js';

describe('compile', () => {
  it('numbers @name parameters once each and orders the values by them', () => {
    const c = compile('UPDATE t SET a = @at WHERE id = @id AND (x = @at OR y = @k)');
    expect(c.text).toBe('UPDATE t SET a = $1 WHERE id = $2 AND (x = $1 OR y = $3)');
    expect(values(c, { id: 'i', at: 'now', k: 'key', unused: 1 })).toEqual(['now', 'i', 'key']);
    expect(() => values(c, { id: 'i' })).toThrow(/Missing query parameter @at/);
  });
  it('numbers ? parameters in order, and leaves quoted text alone', () => {
    const c = compile(`SELECT '?@x''s' AS q, a FROM t WHERE b = ? AND c LIKE ? ESCAPE '\\'`);
    expect(c.text).toBe(`SELECT '?@x''s' AS q, a FROM t WHERE b = $1 AND c LIKE $2 ESCAPE '\\'`);
    expect(values(c, [1, 2])).toEqual([1, 2]);
    expect(() => compile('SELECT ? WHERE a = @a')).toThrow(/mixes/);
  });
  it('spells GROUP_CONCAT(DISTINCT x) as string_agg', () => {
    expect(compile('SELECT GROUP_CONCAT(DISTINCT s.v) FROM s').text).toBe(`SELECT string_agg(DISTINCT CAST(s.v AS TEXT), ',') FROM s`);
  });
});

describe('postgresDialect', () => {
  it('maps the column types of the migrations', () => {
    expect(postgresDialect('CREATE TABLE t (id TEXT PRIMARY KEY, x REAL, b BLOB NOT NULL, n INTEGER)')).toBe(
      'CREATE TABLE t (id TEXT COLLATE "C" PRIMARY KEY, x DOUBLE PRECISION, b BYTEA NOT NULL, n INTEGER)',
    );
  });
});
