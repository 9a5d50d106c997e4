import {
  CompiledQuery,
  createQueryId,
  type Compilable,
  type Kysely,
  type QueryResult,
  type RootOperationNode,
} from 'kysely';
import type { Db } from '../audit/audit.js';
import type { Database } from './schema.js';
import { nameStatement } from './statement-names.js';
import { dialectOf } from './dialect.js';

interface Compiled {
  sql: string;
  query: RootOperationNode;
  /** Per parameter: the index of the argument it takes, or a constant the query itself holds. */
  slots: ({ arg: number } | { value: unknown })[];
}

const marker = (i: number) => `\u0000luoshi-prepared-${i}\u0000`;

/**
 * Wraps a compiled query in SQL written by hand for its dialect (say, to have the engine write JSON from its rows):
 * returns the statement to run, the compiled text inside it. `param(i)` gives the placeholder of argument `i` for
 * use in the wrapping text, which must come after every placeholder of the compiled text (as in `with q as (…)
 * select …`), since SQLite's placeholders are positional.
 */
export type Wrapper = (sql: string, dialect: 'sqlite' | 'postgres', param: (arg: number) => string) => string;

/**
 * A query of fixed shape, built and compiled once per dialect and then run with each call's arguments. On the
 * hot paths (every audited write, every item edit) building and compiling a Kysely query costs more than
 * SQLite takes to run it (about 30 µs against 12 µs for an item with its units). `build` must use each
 * argument as a plain value (a parameter), never to choose the query's shape: it is called once, with markers.
 */
export function preparedQuery<A extends unknown[], R>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
  wrap?: Wrapper,
): (db: Db, ...args: A) => Promise<QueryResult<R>> {
  // Keyed by the dialect's adapter, which a database and its transactions share.
  const byAdapter = new WeakMap<object, Compiled>();
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let c = byAdapter.get(adapter);
    if (!c) {
      const markers = args.map((_, i) => marker(i));
      const compiled = build(db, ...(markers as A)).compile();
      const slots: Compiled['slots'] = compiled.parameters.map((p) => {
        const arg = markers.indexOf(p as string);
        return arg >= 0 ? { arg } : { value: p };
      });
      let text = compiled.sql;
      if (wrap) {
        const postgres = dialectOf(db) === 'postgres';
        text = wrap(text, postgres ? 'postgres' : 'sqlite', (arg) => {
          slots.push({ arg });
          return postgres ? `$${slots.length}` : '?';
        });
      }
      const used = new Set(slots.flatMap((s) => ('arg' in s ? [s.arg] : [])));
      if (used.size !== args.length) throw new Error('preparedQuery: every argument must be a parameter');
      c = { sql: text, query: compiled.query, slots };
      byAdapter.set(adapter, c);
      nameStatement(c.sql);
    }
    const parameters = c.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    return db.executeQuery<R>({ sql: c.sql, query: c.query, parameters, queryId: createQueryId() });
  };
}

/** SQL text for each engine, written by hand where their SQL differs (JSON building, text search). */
export interface DialectSql {
  sqlite: string;
  /** Parameters as `$1`, `$2` … on both: the SQLite text is derived (`?` in order of use). */
  postgres: string;
}

/**
 * A statement written by hand for each engine, parsed once: on SQLite by the statement cache of database.ts, on
 * PostgreSQL as a named prepared statement. Parameters are `$1`, `$2` … in both texts, each may be used more than
 * once; the SQLite text gets `?` placeholders with the arguments repeated in order of use.
 */
export function preparedSql<R>(text: DialectSql): (db: Db, ...args: unknown[]) => Promise<QueryResult<R>> {
  nameStatement(text.postgres);
  const order: number[] = [];
  const sqlite = text.sqlite.replace(/\$(\d+)/g, (_, n: string) => (order.push(Number(n) - 1), '?'));
  const isPostgres = new WeakMap<object, boolean>();
  return (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let pgAdapter = isPostgres.get(adapter);
    if (pgAdapter === undefined) isPostgres.set(adapter, (pgAdapter = dialectOf(db) === 'postgres'));
    const query = pgAdapter
      ? CompiledQuery.raw(text.postgres, args)
      : CompiledQuery.raw(
          sqlite,
          order.map((i) => args[i]),
        );
    return db.executeQuery<R>(query);
  };
}
