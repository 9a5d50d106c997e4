import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { pgPoolOf } from '../db/database.js';
import { LOCK_WAIT_MS } from '../db/dialect.js';
import type { Database } from '../db/schema.js';

/**
 * Runs `fn` with a Kysely instance bound to one PostgreSQL connection of its own and that connection's client,
 * so that a transaction begun through Kysely and a COPY sent on the raw client are the same transaction (Kysely
 * does not speak COPY). On SQLite there is one connection anyway: `fn` gets `db` itself and no client.
 */
export async function withOwnConnection<T>(
  db: Kysely<Database>,
  fn: (db: Kysely<Database>, client: pg.PoolClient | null) => Promise<T>,
): Promise<T> {
  const pool = pgPoolOf(db);
  if (!pool) return fn(db, null);
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
    return await fn(own, client);
  } catch (err) {
    // A connection that failed mid-COPY may be in any state: do not give it back to the pool.
    broken = true;
    throw err;
  } finally {
    await own.destroy();
    client.release(broken);
  }
}
