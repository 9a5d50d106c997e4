import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { sql } from 'kysely';
import { dialectOf, isRetryableConflict, nowIso } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared.js';
import { GENESIS_HASH, auditRowHash, type ChainedRow } from './chain.js';
import { storePlanDocuments } from '../plans/plan-read-model.js';

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
 *
 * The row is chained to the one before it (see chain.ts), so appends are serialised until the transaction
 * ends: on PostgreSQL by a transaction-scoped advisory lock taken before the head is read; on SQLite by the
 * database's single write lock (a transaction that read an older state cannot take it, so two appends can never
 * chain to the same head). The unique `seq` is the last guard on both.
 */
export async function audited(trx: Transaction<Database>, actor: Actor, record: AuditRecord): Promise<void> {
  if (dialectOf(trx) === 'postgres') await lockChain(trx);
  const head = (await readChainHead(trx)).rows[0];
  const row: ChainedRow = {
    seq: (head?.seq ?? 0) + 1,
    // The id is part of what the hash covers, so it is chosen here rather than by the database.
    id: (head?.id ?? 0) + 1,
    at: nowIso(),
    actorUserId: actor.userId,
    actorLabel: storable(actor.label),
    action: storable(record.action),
    entityType: storable(record.entityType),
    entityId: storable(String(record.entityId)),
    beforeJson: record.before === undefined || record.before === null ? null : JSON.stringify(record.before),
    afterJson: record.after === undefined || record.after === null ? null : JSON.stringify(record.after),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  await insertAuditRow(
    trx,
    row.id,
    row.seq,
    row.at,
    row.actorUserId,
    row.actorLabel,
    row.action,
    row.entityType,
    row.entityId,
    row.beforeJson,
    row.afterJson,
    row.prevHash,
    auditRowHash(row),
  );
}

/**
 * Text as the database will store it: a lone UTF-16 surrogate cannot be encoded as UTF-8 and is stored as
 * U+FFFD, so it is replaced before hashing too, or the stored row would not match its own hash. (JSON texts
 * need nothing: JSON.stringify escapes lone surrogates.)
 */
function storable(s: string): string {
  return LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATE_G, '\uFFFD') : s;
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_G = new RegExp(LONE_SURROGATE.source, 'g');

/** Any fixed number: the key of the advisory lock that serialises appends to the audit chain on PostgreSQL. */
const AUDIT_CHAIN_LOCK_KEY = 7_140_417_055_125_601;

const lockChain = (trx: Transaction<Database>) =>
  sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_CHAIN_LOCK_KEY)})`.execute(trx);

// Every audited write runs these: compiled once rather than built per write.
const readChainHead = preparedQuery((db) =>
  db
    .selectFrom('audit_log')
    .select(['id', 'seq', 'hash'])
    .where('seq', 'is not', null)
    .orderBy('seq', 'desc')
    .limit(1),
);

const insertAuditRow = preparedQuery(
  (
    db,
    id: number,
    seq: number,
    at: string,
    actorUserId: number | null,
    actorLabel: string,
    action: string,
    entityType: string,
    entityId: string,
    beforeJson: string | null,
    afterJson: string | null,
    prevHash: string,
    hash: string,
  ) =>
    db.insertInto('audit_log').values({
      id,
      seq,
      at,
      actor_user_id: actorUserId,
      actor_label: actorLabel,
      action,
      entity_type: entityType,
      entity_id: entityId,
      before_json: beforeJson,
      after_json: afterJson,
      prev_hash: prevHash,
      hash,
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
      return await db.transaction().execute(async (trx) => {
        const result = await fn(trx);
        // The read model of the plans this write changed, in the same transaction (plans/plan-read-model.ts).
        await storePlanDocuments(trx);
        return result;
      });
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isRetryableConflict(err)) throw err;
      // A short random pause, so that the two transactions that collided do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
