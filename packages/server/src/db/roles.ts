import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Least privilege on PostgreSQL. Two roles: an owner, which owns the tables and runs migrations
 * (`luoshi db migrate`), and the app role the server connects as. The app role may read and write the ordinary
 * tables, but on the audit log only SELECT and INSERT: it cannot UPDATE, DELETE or TRUNCATE it, nor — not
 * owning it — disable its triggers, alter or drop it. A compromised server can therefore add to the log but
 * never remove what it says.
 */

/** Tables the app role may only read and append to. */
const APPEND_ONLY_TABLES = ['audit_log'];
/** Kysely's own bookkeeping: the app role reads it (to see that no migration is pending), never writes it. */
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

/** A PostgreSQL role name as an operator would type it: letters, digits, `_`, not starting with a digit. */
export const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Grants the app role what the server needs and no more, on every table that exists now, and — as default
 * privileges of the role running this (the owner) — on tables later migrations create. Idempotent: run it
 * after every migration (`luoshi db migrate --app-role NAME` does).
 */
export async function grantAppRole(db: Kysely<Database>, role: string): Promise<void> {
  if (!ROLE_NAME.test(role)) throw new Error(`not a role name: ${JSON.stringify(role)}`);
  const r = sql.id(role);
  await db.transaction().execute(async (trx) => {
    await sql`grant select, insert, update, delete on all tables in schema public to ${r}`.execute(trx);
    await sql`grant usage, select on all sequences in schema public to ${r}`.execute(trx);
    for (const t of APPEND_ONLY_TABLES) {
      await sql`revoke all on ${sql.table(t)} from ${r}`.execute(trx);
      await sql`grant select, insert on ${sql.table(t)} to ${r}`.execute(trx);
    }
    const existing = await sql<{ name: string }>`
      select tablename as name from pg_tables where schemaname = 'public' and tablename in (${sql.join(MIGRATION_TABLES)})`.execute(
      trx,
    );
    for (const { name } of existing.rows) {
      await sql`revoke all on ${sql.table(name)} from ${r}`.execute(trx);
      await sql`grant select on ${sql.table(name)} to ${r}`.execute(trx);
    }
    await sql`alter default privileges in schema public grant select, insert, update, delete on tables to ${r}`.execute(
      trx,
    );
    await sql`alter default privileges in schema public grant usage, select on sequences to ${r}`.execute(
      trx,
    );
  });
}

/** What the connected role could do to the audit log beyond appending; null on SQLite (no roles). */
export interface AuditLogPowers {
  role: string;
  superuser: boolean;
  /** Owner (or superuser): could disable the triggers, alter or drop the table. */
  owner: boolean;
  canTruncate: boolean;
  canUpdateOrDelete: boolean;
}

/**
 * Asks PostgreSQL what the current role may do to the audit log, so the server can warn at start when it runs
 * with more power than it needs (a superuser or the owner, as in the simplest setup).
 */
export async function auditLogPowers(db: Kysely<Database>): Promise<AuditLogPowers> {
  const r = await sql<{
    role: string;
    superuser: boolean;
    owner: boolean;
    truncate: boolean;
    modify: boolean;
  }>`
    select current_user as role,
      (select rolsuper from pg_roles where rolname = current_user) as superuser,
      pg_has_role(current_user, (select tableowner from pg_tables where schemaname = 'public' and tablename = 'audit_log'), 'USAGE') as owner,
      has_table_privilege('audit_log', 'TRUNCATE') as truncate,
      has_table_privilege('audit_log', 'UPDATE') or has_table_privilege('audit_log', 'DELETE') as modify`.execute(
    db,
  );
  const row = r.rows[0]!;
  return {
    role: row.role,
    superuser: row.superuser,
    owner: row.owner,
    canTruncate: row.truncate,
    canUpdateOrDelete: row.modify,
  };
}
