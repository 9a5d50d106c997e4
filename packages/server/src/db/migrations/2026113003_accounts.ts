import { sql, type Kysely } from 'kysely';
import { dialectOf, withId } from './dialect.js';

/**
 * Accounts that end their credentials, and a login limit all server processes share.
 *
 * - `credentials_epoch` on users, sessions and API tokens: a session or token works only while its epoch equals its
 *   user's. A password change, disabling, or a new role or unit moves the user's epoch, so every earlier credential
 *   stops at once — including one a login was creating at that very moment with the old password — and
 *   re-enabling the user revives nothing. Existing rows start at 0 and keep working.
 * - `login_failures`: one row per failed (or in-flight) login, counted per address and account and per account
 *   across addresses. In the database rather than in memory, so that several processes share one count.
 *
 * Users disabled before this migration may still hold API tokens that re-enabling would revive (the defect this
 * fixes): their epoch moves and their tokens are marked revoked here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  for (const table of ['users', 'sessions', 'api_tokens']) {
    await db.schema
      .alterTable(table)
      .addColumn('credentials_epoch', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();

  await withId(db.schema.createTable('login_failures'), d)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_failures_account_idx')
    .on('login_failures')
    .columns(['account', 'at'])
    .execute();
  await db.schema.createIndex('login_failures_at_idx').on('login_failures').column('at').execute();

  await sql`update api_tokens set revoked_at = ${new Date().toISOString()}
    where revoked_at is null and user_id in (select id from users where disabled = 1)`.execute(db);
  await sql`update users set credentials_epoch = 1 where disabled = 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_failures').execute();
  await db.schema.dropIndex('api_tokens_user_idx').execute();
  await db.schema.dropIndex('sessions_user_idx').execute();
  for (const table of ['api_tokens', 'sessions', 'users']) {
    await db.schema.alterTable(table).dropColumn('credentials_epoch').execute();
  }
}
