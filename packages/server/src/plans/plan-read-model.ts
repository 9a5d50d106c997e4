import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { preparedSql, type DialectSql } from '../db/prepared.js';
import type { Db } from '../audit/audit.js';
import type { Database } from '../db/schema.js';
import { dialectOf, lockPlanDocument } from '../db/dialect.js';
import { brotliOptions, rememberCompressed } from '../plugins/compress.js';
import { readPlanDocument } from './plan-document.js';

/**
 * The plan's read model: its two documents (for those who see notes and unpublished plans, and for the public),
 * built by plan-document.ts and stored in the transaction of the write that changes them, so that reading a plan
 * is reading one row, however large the plan and whatever was written elsewhere since (the response cache forgets
 * everything at any write; this forgets only the plan written).
 *
 * Triggers (migration 2026120301_plan_read_model) add a row to `plan_read_dirty` for each change to anything a
 * plan's document shows: its row, items, targets, unit links, and the names of its units and area. Before each
 * transaction of the services commits (audit.ts `withTransaction`), `storePlanDocuments` writes the documents of
 * the plans with such rows and deletes the rows it saw. A read takes the stored document only when its plan has no
 * row left, and otherwise builds it afresh: a write made around the services is never hidden, only slower to read
 * until the next write or start stores it.
 *
 * On PostgreSQL, storing takes a lock per plan (transaction-scoped), so that two writers of one plan store in
 * turn: the second builds after the first committed (READ COMMITTED: each statement sees what was committed before
 * it began), so the last document stored holds every change. A writer whose change is still uncommitted when
 * another stores will store after it. Nothing a writer does before storing waits on another writer: the triggers
 * only add rows. (Audited writes already take turns from their audit row to commit, on the audit chain's lock; the
 * plan's lock is what orders the rest: storing at start, and any write without an audit row.)
 *
 * How a document is stored differs by engine (`storedForm`, `documentBytes`): bytes on SQLite; on PostgreSQL, brotli
 * bytes in base64 text. PostgreSQL sends a large value slowly — on one machine of our kind, 17 ms for the 1.2 MB of
 * base64 a plan 50 times the demo's took uncompressed, where Node sends as much to itself in 3 ms — and its driver
 * decodes every text as UTF-8 into a string; compressed, it sends a sixth or less, and brotli decodes it in about 2
 * ms. SQLite hands over its bytes in place, so there a document is stored as it is sent.
 *
 * What it costs the writes: building the plan once per write that changes it (on SQLite a note edit on the demo
 * plan went from about 550 to 920 µs of CPU, measured in process). Storing after commit for several writes at once
 * was tried: the writes of a busy server seldom commit while a store waits, so nothing was shared, and it would
 * have left a window after each write in which readers build the plan themselves.
 */

/** The same text on both engines. */
const both = (text: string): DialectSql => ({ sqlite: text, postgres: text });

const storedQuery = preparedSql<{ stale: number; body: Buffer | string | null }>(
  both(`select case when exists (select 1 from plan_read_dirty x where x.plan_id = $1) then 1 else 0 end as stale,
      case when $2 = 1 then d.internal_body else d.public_body end as body
    from plan_read_documents d where d.plan_id = $1`),
);
const dirtyPlansQuery = preparedSql<{ plan_id: number }>(
  both('select distinct plan_id from plan_read_dirty order by plan_id limit $1'),
);
const storeQuery = preparedSql(
  both(`insert into plan_read_documents (plan_id, internal_body, public_body) values ($1, $2, $3)
    on conflict (plan_id) do update set internal_body = excluded.internal_body, public_body = excluded.public_body`),
);
const forgetQuery = preparedSql(both('delete from plan_read_documents where plan_id = $1'));
// Only the rows this statement sees: what a writer still uncommitted adds stays, and marks the plan stale again.
const cleanQuery = preparedSql(both('delete from plan_read_dirty where plan_id = $1'));

/** A stored PostgreSQL document compressed with brotli starts with this (base64 has no colon). */
const BROTLI_PREFIX = 'br:';

/** A document as it is stored on the engine: the bytes on SQLite, brotli in base64 text on PostgreSQL. */
export function storedForm(bytes: Buffer, postgres: boolean): Buffer | string {
  return postgres
    ? BROTLI_PREFIX + brotliCompressSync(bytes, brotliOptions(bytes)).toString('base64')
    : bytes;
}

/**
 * The bytes to send from a stored document. A text without the brotli prefix is plain base64, as the read model
 * stored it before it compressed (such a document is stored again at the next start, see the migration
 * 2026120401_plan_read_compressed).
 */
export function documentBytes(stored: Buffer | string): Buffer {
  if (typeof stored !== 'string') return stored;
  if (!stored.startsWith(BROTLI_PREFIX)) return Buffer.from(stored, 'base64');
  const brotli = Buffer.from(stored.slice(BROTLI_PREFIX.length), 'base64');
  const bytes = brotliDecompressSync(brotli);
  // A client that accepts brotli (every browser) gets the stored form, not the document compressed again.
  rememberCompressed(bytes, 'br', brotli);
  return bytes;
}

/**
 * The plan's JSON as the API sends it (see readPlanDocument), from the read model when it is current, else built
 * afresh; null when the plan does not exist or the viewer may not see it.
 */
export async function readStoredPlanDocument(
  db: Db,
  planId: number,
  internal: boolean,
): Promise<Buffer | null> {
  const row = (await storedQuery(db, planId, internal ? 1 : 0)).rows[0];
  if (row && Number(row.stale) === 0) return row.body === null ? null : documentBytes(row.body);
  return readPlanDocument(db, planId, internal);
}

/**
 * Writes the documents of the stale plans this transaction sees (at most `limit`, in plan order, so that writers of
 * several plans lock them in one order) and deletes the rows that made them stale. Called by every transaction of
 * the services before it commits; what a write made around them left stale is stored by the next one, or at start.
 * Returns how many plans were looked at.
 */
export async function storePlanDocuments(trx: Db, limit = 100): Promise<number> {
  const { rows } = await dirtyPlansQuery(trx, limit);
  if (rows.length === 0) return 0;
  const postgres = dialectOf(trx) === 'postgres';
  const asStored = (b: Buffer | null) => (b === null ? null : storedForm(b, postgres));
  for (const { plan_id: planId } of rows) {
    // Wait for another writer storing this plan; what it committed is then seen by the statements below.
    await lockPlanDocument(trx, planId);
    // The rows first: a change committed between this and the build below is in the build.
    await cleanQuery(trx, planId);
    const internalBody = await readPlanDocument(trx, planId, true);
    if (internalBody === null) {
      // The plan is gone (its documents with it, by the foreign key): nothing to store.
      await forgetQuery(trx, planId);
      continue;
    }
    const publicBody = await readPlanDocument(trx, planId, false);
    await storeQuery(trx, planId, asStored(internalBody), asStored(publicBody));
  }
  return rows.length;
}

/** Stores every stale plan's documents, a batch per transaction: at start, for what was written around the services. */
export async function storeAllPlanDocuments(db: Kysely<Database>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute((trx) => storePlanDocuments(trx, 20));
    total += n;
    if (n === 0) return total;
  }
}
