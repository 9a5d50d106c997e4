import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from './audit.js';

/**
 * The audit log is a hash chain: each row stores `hash` = SHA-256 over its own content and the previous row's
 * hash (`prev_hash`), and its position `seq` (1, 2, 3 … with no gaps). Editing a row breaks its own hash;
 * deleting one leaves a gap in `seq` and a `prev_hash` that names a row no longer there; rewriting a row's hash
 * breaks the next row's `prev_hash`. Only rewriting every row from the forged one to the end goes unnoticed by
 * the chain alone, and that changes the head hash: which is why the head is logged at each start and shown to
 * admins, to be compared with `luoshi audit verify --expect-head`. Truncating the log is caught the same way.
 */

/** `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** Names the encoding below; a future change of encoding gets a new tag and old rows keep theirs. */
const ENCODING = 'luoshi.audit.v1';

/** What a row's hash covers: every column but the hash itself. */
export interface ChainedRow {
  seq: number;
  id: number;
  at: string;
  actorUserId: number | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  beforeJson: string | null;
  afterJson: string | null;
  prevHash: string;
}

/**
 * The row's hash: SHA-256 (hex) of a JSON array of its fields in a fixed order. JSON gives every field an
 * unambiguous boundary (a label ending in "|" cannot run into the next field), and its escaping is the same on
 * every platform; the JSON texts of before/after are hashed as the stored text, byte for byte.
 */
export function auditRowHash(r: ChainedRow): string {
  const canonical = JSON.stringify([
    ENCODING,
    r.seq,
    r.id,
    r.at,
    r.actorUserId,
    r.actorLabel,
    r.action,
    r.entityType,
    r.entityId,
    r.beforeJson,
    r.afterJson,
    r.prevHash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The last row of the chain: what a later verify must still find. */
export interface AuditHead {
  /** How many rows the chain holds (the last row's `seq`); 0 for an empty log. */
  rows: number;
  /** The last row's hash, or null for an empty log. */
  hash: string | null;
  /** The last row's id and time, or null for an empty log. */
  id: number | null;
  at: string | null;
}

/** Reads the head: the row with the highest `seq`. Cheap (an index lookup); no verification. */
export async function readAuditHead(db: Db): Promise<AuditHead> {
  const row = await db
    .selectFrom('audit_log')
    .select(['id', 'seq', 'hash', 'at'])
    .where('seq', 'is not', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return { rows: 0, hash: null, id: null, at: null };
  return { rows: row.seq ?? 0, hash: row.hash, id: row.id, at: row.at };
}

/** Why a row does not fit the chain. */
export type ChainBreak =
  /** The row's content no longer matches its own hash: it was edited after it was written. */
  | 'content-edited'
  /** One or more rows before this one are missing (a gap in `seq`): deleted. */
  | 'rows-missing'
  /** The row's `prev_hash` is not the previous row's hash: the previous row was replaced or re-hashed. */
  | 'prev-hash-mismatch'
  /** The row repeats or goes back in `seq`: inserted out of order. */
  | 'out-of-order'
  /** The row has no place in the chain (no `seq` or hash): written around the application. */
  | 'unchained'
  /** The head recorded earlier is not in the chain: the log was truncated, or rewritten from some row on. */
  | 'expected-head-missing';

export interface ChainProblem {
  reason: ChainBreak;
  /** The row that does not fit (null for `expected-head-missing`). */
  id: number | null;
  seq: number | null;
  /** One sentence, English, naming what was expected and found. */
  detail: string;
}

export interface ChainVerification {
  ok: boolean;
  /** The first problem, when not ok. */
  problem: ChainProblem | null;
  /** Rows checked and found in order before the problem (all rows when ok). */
  verifiedRows: number;
  /** The last row that verified: the head of the intact part. */
  head: AuditHead;
  /** Rows in the table, chained or not. */
  totalRows: number;
}

const PAGE = 1000;

/**
 * Walks the audit log in `seq` order and checks every row against its hash and its predecessor. Stops at the
 * first row that does not fit. With `expectHead` (a head hash recorded earlier), also checks that that row is
 * still in the chain, which is what catches a truncation or a rewrite of the chain's tail.
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  opts: { expectHead?: string } = {},
): Promise<ChainVerification> {
  const expectHead = opts.expectHead?.trim().toLowerCase();
  const total = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const totalRows = Number(total.n);
  let head: AuditHead = { rows: 0, hash: null, id: null, at: null };
  let prevHash = GENESIS_HASH;
  let prevSeq = 0;
  let verified = 0;
  let sawExpected = false;
  const fail = (reason: ChainBreak, id: number | null, seq: number | null, detail: string) => ({
    ok: false,
    problem: { reason, id, seq, detail },
    verifiedRows: verified,
    head,
    totalRows,
  });

  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', 'is not', null)
      .where('seq', '>', prevSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const r of rows) {
      const seq = r.seq!;
      if (seq <= prevSeq)
        return fail(
          'out-of-order',
          r.id,
          seq,
          `row id ${r.id} repeats seq ${seq}, already taken in the chain`,
        );
      if (r.hash === null || r.prev_hash === null)
        return fail('unchained', r.id, seq, `row id ${r.id} (seq ${seq}) has no hash`);
      const computed = auditRowHash({
        seq,
        id: r.id,
        at: r.at,
        actorUserId: r.actor_user_id,
        actorLabel: r.actor_label,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        beforeJson: r.before_json,
        afterJson: r.after_json,
        prevHash: r.prev_hash,
      });
      if (computed !== r.hash)
        return fail(
          'content-edited',
          r.id,
          seq,
          `row id ${r.id} (seq ${seq}): its content does not match its hash; it was changed after it was written`,
        );
      if (seq > prevSeq + 1)
        return fail(
          'rows-missing',
          r.id,
          seq,
          `before row id ${r.id}: seq ${prevSeq + 1}${seq - 1 > prevSeq + 1 ? `–${seq - 1}` : ''} missing (deleted)`,
        );
      if (r.prev_hash !== prevHash)
        return fail(
          'prev-hash-mismatch',
          r.id,
          seq,
          `row id ${r.id} (seq ${seq}) follows a row with hash ${r.prev_hash.slice(0, 12)}…, but the row before it has ` +
            `${prevHash.slice(0, 12)}…; the previous row was replaced or re-hashed`,
        );
      prevHash = r.hash;
      prevSeq = seq;
      verified++;
      head = { rows: seq, hash: r.hash, id: r.id, at: r.at };
      if (expectHead !== undefined && r.hash === expectHead) sawExpected = true;
    }
    if (rows.length < PAGE) break;
  }
  // Keyset paging above never revisits a seq; a repeated or lower seq shows up as rows left over.
  if (verified < totalRows) {
    const stray = await db
      .selectFrom('audit_log')
      .select(['id', 'seq'])
      .where((eb) => eb.or([eb('seq', 'is', null), eb('hash', 'is', null)]))
      .orderBy('id')
      .executeTakeFirst();
    if (stray)
      return fail(
        'unchained',
        stray.id,
        stray.seq,
        `row id ${stray.id} has no place in the chain (no seq or hash)`,
      );
    const dup = await db
      .selectFrom('audit_log')
      .select(['id', 'seq'])
      .where('seq', '<=', prevSeq)
      .orderBy('seq')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return fail(
      'out-of-order',
      dup?.id ?? null,
      dup?.seq ?? null,
      `${totalRows - verified} row(s) repeat a position already taken in the chain` +
        (dup ? ` (e.g. row id ${dup.id}, seq ${dup.seq})` : ''),
    );
  }
  if (expectHead !== undefined && !sawExpected)
    return fail(
      'expected-head-missing',
      null,
      null,
      `the head recorded earlier (${expectHead}) is not in the chain: the log was truncated or its tail rewritten`,
    );
  return { ok: true, problem: null, verifiedRows: verified, head, totalRows };
}
