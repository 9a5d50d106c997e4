import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** The SQL of the login limit: rows of `login_failures` (see LoginFailureTable). */
export const loginFailuresRepository = {
  /** Removes rows older than `before`, so the table holds at most one window of failures. */
  async prune(db: Kysely<Database>, before: string): Promise<void> {
    await db.deleteFrom('login_failures').where('at', '<', before).execute();
  },

  async insert(db: Kysely<Database>, at: string, address: string, account: string): Promise<number> {
    const row = await db
      .insertInto('login_failures')
      .values({ at, address, account })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  /** The account's rows since `since`, oldest first (few: the limit keeps them under its maximum). */
  async recent(
    db: Kysely<Database>,
    account: string,
    since: string,
  ): Promise<{ id: number; address: string; at: string }[]> {
    return db
      .selectFrom('login_failures')
      .select(['id', 'address', 'at'])
      .where('account', '=', account)
      .where('at', '>=', since)
      .orderBy('at')
      .orderBy('id')
      .execute();
  },

  async deleteById(db: Kysely<Database>, id: number): Promise<void> {
    await db.deleteFrom('login_failures').where('id', '=', id).execute();
  },

  async deleteForAddress(db: Kysely<Database>, account: string, address: string): Promise<void> {
    await db
      .deleteFrom('login_failures')
      .where('account', '=', account)
      .where('address', '=', address)
      .execute();
  },
};
