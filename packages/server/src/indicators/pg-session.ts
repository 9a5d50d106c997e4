import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import type SqliteDatabase from 'better-sqlite3';
import { pgPoolOf, sqliteConnectionOf } from '../db/database.js';
import { LOCK_WAIT_MS } from '../db/dialect.js';
import type { Database } from '../db/schema.js';

/** The raw connection under a Kysely instance, for bulk writes: a PostgreSQL client or the SQLite connection. */
export type RawConnection =
  { pg: pg.PoolClient; sqlite: null } | { pg: null; sqlite: SqliteDatabase.Database };

/**
 * Runs `fn` with a Kysely instance and the raw connection under it, such that a transaction begun through Kysely
 * and statements sent on the raw connection are one transaction: on PostgreSQL a connection of its own (for
 * COPY, which Kysely does not speak); on SQLite the one connection there is (for a synchronous insert loop).
 */
export async function withOwnConnection<T>(
  db: Kysely<Database>,
  fn: (db: Kysely<Database>, raw: RawConnection) => Promise<T>,
): Promise<T> {
  const pool = pgPoolOf(db);
  if (!pool) {
    const sqlite = sqliteConnectionOf(db);
    if (!sqlite) throw new Error('no raw connection under this Kysely instance');
    return fn(db, { pg: null, sqlite });
  }
  const client = await pool.connect();
  // Kysely releases the clients it is given; this one is released here, once, when `fn` is done.
  const lent = { query: client.query.bind(client), release: () => undefined } as unknown as pg.PoolClient;
  const own = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: { connect: () => Promise.resolve(lent), end: () => Promise.resolve() },
    }),
  });
  let broken = false;
  try {
    // The pool's other connections get this in onCreateConnection; a raw client has to be told.
    await sql`set lock_timeout = ${sql.lit(LOCK_WAIT_MS)}`.execute(own);
    return await fn(own, { pg: client, sqlite: null });
  } catch (err) {
    // A connection that failed mid-COPY may be in any state: do not give it back to the pool.
    broken = true;
    throw err;
  } finally {
    await own.destroy();
    client.release(broken);
  }
}
