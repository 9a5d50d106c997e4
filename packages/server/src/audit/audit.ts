import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { isRetryableConflict, nowIso } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared.js';

/** Who made a write: a user, or the system itself (first start, demo seeding) or the command line. */
export interface Actor {
  userId: number | null;
  /** The username at the time of the write, or "system" / "cli". */
  label: string;
}

export const SYSTEM_ACTOR: Actor = { userId: null, label: 'system' };
export const CLI_ACTOR: Actor = { userId: null, label: 'cli' };

/** What a write did, as recorded in the audit log. */
export interface AuditRecord {
  /** `<entity>.<verb>`, e.g. `user.create`, `plan_node.update`, `unit.merge`. */
  action: string;
  entityType: string;
  entityId: string | number;
  /** The entity before the write (null for a creation). Must be JSON-serialisable; never include secrets. */
  before?: unknown;
  /** The entity after the write (null for a deletion). */
  after?: unknown;
}

/** A transaction, or the database itself where a service is given one outside a transaction. */
export type Db = Kysely<Database> | Transaction<Database>;

/**
 * Records a write in the audit log. Call it with the same transaction as the write, so that either both the
 * change and its record are stored or neither is.
 */
export async function audited(trx: Transaction<Database>, actor: Actor, record: AuditRecord): Promise<void> {
  await insertAuditRow(
    trx,
    nowIso(),
    actor.userId,
    actor.label,
    record.action,
    record.entityType,
    String(record.entityId),
    record.before === undefined || record.before === null ? null : JSON.stringify(record.before),
    record.after === undefined || record.after === null ? null : JSON.stringify(record.after),
  );
}

// Every audited write runs this: compiled once rather than built per write.
const insertAuditRow = preparedQuery(
  (
    db,
    at: string,
    actorUserId: number | null,
    actorLabel: string,
    action: string,
    entityType: string,
    entityId: string,
    beforeJson: string | null,
    afterJson: string | null,
  ) =>
    db.insertInto('audit_log').values({
      at,
      actor_user_id: actorUserId,
      actor_label: actorLabel,
      action,
      entity_type: entityType,
      entity_id: entityId,
      before_json: beforeJson,
      after_json: afterJson,
    }),
);

/** Attempts of one transaction that PostgreSQL aborted for a deadlock or serialization failure. */
const MAX_ATTEMPTS = 3;

/**
 * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws (the error propagates).
 * Services wrap every write and its `audited` call in one of these.
 *
 * The transaction holds the write lock from its start on SQLite (BEGIN IMMEDIATE, see db/database.ts); on
 * PostgreSQL the service locks what it reads (db/dialect.ts `lockRows`, `lockUnitRegistry`). Should PostgreSQL
 * still abort it for a deadlock or serialization failure, it is run again from the start, up to 3 times in all,
 * so `fn` must do nothing but database work. What still fails reaches the error handler (503, Retry-After).
 */
export async function withTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isRetryableConflict(err)) throw err;
      // A short random pause, so that the two transactions that collided do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
