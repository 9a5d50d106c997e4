/**
 * The one place where SQLite and PostgreSQL differ for queries (migrations use ./migrations/dialect.ts, which
 * this re-exports). Services ask here instead of testing the dialect themselves.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './migrations/dialect.js';
import type { Database } from './schema.js';

export { dialectOf, type DialectName } from './migrations/dialect.js';

/**
 * How long a write waits for another's lock before giving up with a 503: SQLite's busy timeout and PostgreSQL's
 * lock_timeout alike.
 */
export const LOCK_WAIT_MS = 5000;

/** PostgreSQL advisory locks (two-key form): one namespace for Luoshi, one key per purpose. */
export const ADVISORY_LOCK = {
  /** "luos" in ASCII: keeps our keys apart from other applications sharing the cluster. */
  namespace: 0x6c756f73,
  /** Migrations and first-start seeding (a session lock, see DatabaseHandle.exclusive). */
  startup: 1,
  /** Writes to the units registry (a transaction lock, see lockUnitRegistry). */
  unitRegistry: 2,
  /**
   * First key of the per-plan locks taken to store a plan's read model (plans/plan-read-model.ts), the plan's id
   * being the second: "luod" in ASCII, apart from the namespace above and its keys.
   */
  planDocument: 0x6c756f64,
} as const;

/** Tables whose rows a write may lock by id. */
export type LockableTable =
  | 'plans'
  | 'plan_nodes'
  | 'targets'
  | 'units'
  | 'users'
  | 'imports'
  | 'api_tokens'
  | 'indicators'
  | 'work_plans'
  | 'progress_reports'
  | 'report_contributions';

/**
 * Locks rows for the rest of the transaction, before the write reads their "before" state, so that two writes
 * of one entity run one after the other and each audit row's before is the previous one's after.
 * PostgreSQL: SELECT … FOR UPDATE (or FOR SHARE, to keep a row from changing while allowing other readers that
 * also only share it), in id order so that two writers locking overlapping sets cannot deadlock. SQLite needs
 * nothing: every transaction holds the database's one write lock from its first statement (BEGIN IMMEDIATE).
 */
export async function lockRows(
  db: Kysely<Database>,
  table: LockableTable,
  ids: readonly number[],
  mode: 'update' | 'share' = 'update',
): Promise<void> {
  if (ids.length === 0 || dialectOf(db) !== 'postgres') return;
  const lockClause = mode === 'share' ? sql`for share` : sql`for update`;
  await sql`select id from ${sql.table(table)} where id in (${sql.join([...ids])}) order by id ${lockClause}`.execute(
    db,
  );
}

/**
 * Serialises writes to the units registry (creating units, renaming them, aliases, merges) until the
 * transaction ends. Creating a unit is "look the name up, then insert": two transactions doing both at once
 * would each find the name free. With the lock, the second waits, then finds the first one's unit (PostgreSQL
 * reads committed data afresh at each statement). SQLite already has one writer at a time.
 */
export async function lockUnitRegistry(db: Kysely<Database>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${sql.lit(ADVISORY_LOCK.namespace)}, ${sql.lit(ADVISORY_LOCK.unitRegistry)})`.execute(
    db,
  );
}

/**
 * Has storing a plan's read model (plans/plan-read-model.ts) take turns per plan until the transaction ends, so that
 * the later of two stores builds with the earlier one's writes committed. SQLite already has one writer at a time.
 */
export async function lockPlanDocument(db: Kysely<Database>, planId: number): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${sql.lit(ADVISORY_LOCK.planDocument)}, ${planId})`.execute(db);
}

const driverCode = (err: unknown): string | undefined => {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * True when a transaction failed only because of other writers, so that running it again from the start is
 * right: PostgreSQL's serialization failure (40001) and deadlock (40P01), where PostgreSQL has already rolled the
 * transaction back. SQLite's busy errors are not here: they come after the busy timeout has been waited out.
 */
export function isRetryableConflict(err: unknown): boolean {
  const code = driverCode(err);
  return code === '40001' || code === '40P01';
}

/**
 * True when the database could not do the work now but may shortly: a lock not obtained in time (SQLite busy
 * or locked; PostgreSQL lock_timeout 55P03, statement cancelled 57014), a conflict that outlived its retries,
 * or a database that is starting, stopping, out of connections or unreachable. Answered with 503 and
 * Retry-After, never 500.
 */
export function isTransientDbError(err: unknown): boolean {
  const code = driverCode(err);
  if (code === undefined) return false;
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
  if (isRetryableConflict(err)) return true;
  return (
    ['55P03', '57014', '53300', '57P01', '57P02', '57P03'].includes(code) ||
    code.startsWith('08') ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET'
  );
}

/** True when a driver error is a unique-constraint violation, on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  // better-sqlite3: SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; pg: SQLSTATE 23505.
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** True when a driver error is a foreign-key violation, on either dialect. */
export function isForeignKeyViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

/** Booleans are stored as 0/1 on both dialects (see schema.ts). */
export const toFlag = (b: boolean): number => (b ? 1 : 0);
export const fromFlag = (n: number | null | undefined): boolean => n === 1;

/** Times are ISO-8601 UTC text on both dialects, so they sort and compare as strings. */
export const nowIso = (): string => new Date().toISOString();
