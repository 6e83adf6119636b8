// The shared queries (queries.ts, the user listing) are written as SQLite
// takes them; compile() rewrites one once (cached) for PostgreSQL: `@name`
// and `?` parameters become `$1, $2…` (and it says how to order the values),
// and the one function the two spell differently, GROUP_CONCAT(DISTINCT x),
// becomes string_agg(DISTINCT CAST(x AS TEXT), ','). Quoted text is left alone.
export interface Compiled {
  text: string;
  /** Parameter names in $-order; null when the query uses `?` (values given in order). */
  names: string[] | null;
}

const cache = new Map<string, Compiled>();

export function compile(sql: string): Compiled {
  let compiled = cache.get(sql);
  if (compiled) return compiled;
  const names: string[] = [];
  let positional = 0;
  // Split on quoted strings so their content is never rewritten.
  const text = sql
    .split(/('(?:[^']|'')*')/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/GROUP_CONCAT\(DISTINCT ([^()]+)\)/gi, "string_agg(DISTINCT CAST($1 AS TEXT), ',')")
            .replace(/@([A-Za-z_][A-Za-z0-9_]*)|\?/g, (_match, name: string | undefined) => {
              if (name === undefined) return `$${++positional}`;
              let index = names.indexOf(name);
              if (index < 0) index = names.push(name) - 1;
              return `$${index + 1}`;
            }),
    )
    .join('');
  if (positional > 0 && names.length > 0) throw new Error('A query mixes `?` and `@name` parameters.');
  compiled = { text, names: positional > 0 ? null : names };
  cache.set(sql, compiled);
  return compiled;
}

/** The values of a compiled query: `params` as a list for `?`, or as an object for `@name`. */
export function values(c: Compiled, params: unknown[] | Record<string, unknown>): unknown[] {
  if (c.names === null) return params as unknown[];
  const named = params as Record<string, unknown>;
  return c.names.map((n) => {
    if (!(n in named)) throw new Error(`Missing query parameter @${n}.`);
    return named[n];
  });
}
