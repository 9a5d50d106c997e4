import { sql, type Kysely } from 'kysely';
import { GENESIS_HASH, auditRowHash } from '../../audit/chain.js';
import { dialectOf } from './dialect.js';

/**
 * Chains the audit log: every row gets its place (`seq`), the previous row's hash and its own (see
 * audit/chain.ts). Rows already written are chained in id order, which is the order they were written in.
 * The append-only triggers are lifted for the backfill only, inside the migration's transaction, and restored.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  await db.schema.alterTable('audit_log').addColumn('seq', 'integer').execute();
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();

  await inOneTransaction(db, async () => {
    if (d === 'postgres') await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
    else {
      await sql`drop trigger audit_log_no_update`.execute(db);
    }
    let seq = 0;
    let prevHash = GENESIS_HASH;
    let lastId = 0;
    for (;;) {
      const rows = (await db
        .selectFrom('audit_log')
        .selectAll()
        .where('id', '>', lastId)
        .orderBy('id')
        .limit(1000)
        .execute()) as {
        id: number;
        at: string;
        actor_user_id: number | null;
        actor_label: string;
        action: string;
        entity_type: string;
        entity_id: string;
        before_json: string | null;
        after_json: string | null;
      }[];
      for (const r of rows) {
        seq++;
        const hash = auditRowHash({
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
          prevHash,
        });
        await db
          .updateTable('audit_log')
          .set({ seq, prev_hash: prevHash, hash })
          .where('id', '=', r.id)
          .execute();
        prevHash = hash;
        lastId = r.id;
      }
      if (rows.length < 1000) break;
    }
    if (d === 'postgres') await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
    else {
      await sql`
        create trigger audit_log_no_update before update on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    }
  });
  // One row per place: two appends that read the same head cannot both commit.
  await db.schema.createIndex('audit_log_seq_idx').on('audit_log').column('seq').unique().execute();
}

/**
 * PostgreSQL runs each migration in a transaction already; SQLite does not (Kysely cannot, for DDL), and the
 * backfill must not leave the log without its trigger if it fails halfway. A savepoint is a transaction of its
 * own when none is open, and nests when one is.
 */
async function inOneTransaction(db: Kysely<any>, fn: () => Promise<void>): Promise<void> {
  if (dialectOf(db) === 'postgres') return fn();
  await sql`savepoint audit_hash_chain`.execute(db);
  try {
    await fn();
  } catch (err) {
    await sql`rollback to audit_hash_chain`.execute(db);
    await sql`release audit_hash_chain`.execute(db);
    throw err;
  }
  await sql`release audit_hash_chain`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_seq_idx').execute();
  await db.schema.alterTable('audit_log').dropColumn('hash').execute();
  await db.schema.alterTable('audit_log').dropColumn('prev_hash').execute();
  await db.schema.alterTable('audit_log').dropColumn('seq').execute();
}
