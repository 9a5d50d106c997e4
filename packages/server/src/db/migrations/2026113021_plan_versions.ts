import { sql, type Kysely } from 'kysely';
import { recordPlanVersion } from '../../plans/plan-versions-service.js';
import { dialectOf, trackChanges, withId } from './dialect.js';

/**
 * Plans keep their identity across re-imports. Items and targets a re-import drops are retired (`retired_at`,
 * `retired_in_version`) instead of deleted, so that what is attached to them by id stays; every confirmed version
 * is kept in `plan_versions` (source text and a snapshot of the fields, item tree and targets).
 *
 * Existing plans get one version row, their current one, from their current content: earlier versions were
 * replaced in place before this migration and are gone. Who confirmed it and when come from the plan's last
 * create or re-import audit row (else its creator and last change). The snapshot is written by the app's own
 * `recordPlanVersion`, so that it has the shape the app reads; should that function come to read columns a later
 * migration adds, freeze a copy of it here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  for (const table of ['plan_nodes', 'targets']) {
    await db.schema.alterTable(table).addColumn('retired_at', 'text').execute();
    await db.schema.alterTable(table).addColumn('retired_in_version', 'integer').execute();
  }
  await withId(db.schema.createTable('plan_versions'), d)
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('source_text', 'text', (c) => c.notNull())
    .addColumn('source_file_name', 'text')
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .execute();
  await trackChanges(db, 'plan_versions');
  await db.schema
    .createIndex('plan_versions_plan_version_idx')
    .on('plan_versions')
    .columns(['plan_id', 'version'])
    .unique()
    .execute();

  const plans = (await db
    .selectFrom('plans')
    .select(['id', 'version', 'source_text', 'source_file_name', 'created_by', 'updated_at'])
    .orderBy('id')
    .execute()) as {
    id: number;
    version: number;
    source_text: string;
    source_file_name: string | null;
    created_by: number | null;
    updated_at: string;
  }[];
  for (const p of plans) {
    const confirmation = (
      await sql<{ at: string; actor_user_id: number | null }>`
        select at, actor_user_id from audit_log
        where entity_type = 'plan' and entity_id = ${String(p.id)} and action in ('plan.create', 'plan.reimport')
        order by id desc limit 1`.execute(db)
    ).rows[0];
    const lastImport = (
      await sql<{ id: number }>`
        select id from imports where confirmed_plan_id = ${p.id} order by id desc limit 1`.execute(db)
    ).rows[0];
    await recordPlanVersion(db, {
      planId: p.id,
      version: p.version,
      sourceText: p.source_text,
      sourceFileName: p.source_file_name,
      confirmedAt: confirmation?.at ?? p.updated_at,
      confirmedBy: confirmation ? confirmation.actor_user_id : p.created_by,
      importId: lastImport?.id ?? null,
    });
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_versions').execute();
  for (const table of ['targets', 'plan_nodes']) {
    await db.schema.alterTable(table).dropColumn('retired_in_version').execute();
    await db.schema.alterTable(table).dropColumn('retired_at').execute();
  }
}
