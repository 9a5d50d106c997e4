import type { Kysely } from 'kysely';
import { dialectOf, trackChanges, withId } from './dialect.js';

/**
 * Delivery (issue 9): each lead unit's work plan for a task (milestones with a locked, approved baseline and
 * change requests as further revisions), the plan's reporting cycle, progress reports per task, lead unit and
 * period with the supporting units' contributions, and evidence files stored by content hash.
 *
 * Everything hangs on `plan_nodes.id`, which a re-import keeps for the items that continue, so work plans and
 * reports stay on their items. Dates the users think in (due dates, completion dates) are local China dates as
 * 'YYYY-MM-DD' text; times of actions are ISO-8601 UTC. `example` marks rows the demo generated (示例数据).
 *
 * The supervision rules read `milestones` (live rows only: `retired` = 0) and `progress_reports`; the indexes
 * below serve their per-plan scans.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);

  await withId(db.schema.createTable('work_plans'), d)
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('node_id', 'integer', (c) => c.notNull().references('plan_nodes.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    /** draft | submitted | approved | returned: the state of the latest revision. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('baseline_revision', 'integer')
    .addColumn('current_revision', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('example', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'work_plans');
  await db.schema
    .createIndex('work_plans_node_unit_idx')
    .on('work_plans')
    .columns(['node_id', 'unit_id'])
    .unique()
    .execute();
  await db.schema.createIndex('work_plans_plan_idx').on('work_plans').columns(['plan_id', 'id']).execute();
  await db.schema.createIndex('work_plans_unit_idx').on('work_plans').columns(['unit_id', 'id']).execute();
  await db.schema.createIndex('work_plans_status_idx').on('work_plans').columns(['status', 'id']).execute();

  await withId(db.schema.createTable('work_plan_revisions'), d)
    .addColumn('work_plan_id', 'integer', (c) => c.notNull().references('work_plans.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    /** initial | change */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    /** draft | submitted | approved | returned */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('review_comment', 'text')
    /** JSON array of the revision's milestones (key, title, due_date, deliverable, weight). */
    .addColumn('milestones_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('submitted_at', 'text')
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'text')
    .execute();
  await trackChanges(db, 'work_plan_revisions');
  await db.schema
    .createIndex('work_plan_revisions_number_idx')
    .on('work_plan_revisions')
    .columns(['work_plan_id', 'number'])
    .unique()
    .execute();

  await withId(db.schema.createTable('milestones'), d)
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('work_plan_id', 'integer', (c) => c.notNull().references('work_plans.id').onDelete('cascade'))
    .addColumn('node_id', 'integer', (c) => c.notNull().references('plan_nodes.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    /** Stable across revisions: a change request that moves a milestone keeps its key. */
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('deliverable', 'text', (c) => c.notNull())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    /** not_started | in_progress | done: as last reported (an accepted or submitted report). */
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('not_started'))
    .addColumn('percent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('completed_on', 'text')
    /** 1 when the latest approved revision no longer has the milestone; kept for its reports. */
    .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('example', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await trackChanges(db, 'milestones');
  await db.schema
    .createIndex('milestones_plan_key_idx')
    .on('milestones')
    .columns(['work_plan_id', 'key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('milestones_plan_due_idx')
    .on('milestones')
    .columns(['plan_id', 'due_date'])
    .execute();
  await db.schema.createIndex('milestones_node_idx').on('milestones').column('node_id').execute();

  await db.schema
    .createTable('report_cycles')
    .addColumn('plan_id', 'integer', (c) => c.primaryKey().references('plans.id').onDelete('cascade'))
    /** month | quarter */
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('due_working_days', 'integer', (c) => c.notNull().defaultTo(5))
    /** Core period text (2013-01 / 2013-Q1) of the first and last reporting period. */
    .addColumn('first_period', 'text', (c) => c.notNull())
    .addColumn('last_period', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('example', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'report_cycles');

  await withId(db.schema.createTable('progress_reports'), d)
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('node_id', 'integer', (c) => c.notNull().references('plan_nodes.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    /** draft | submitted | accepted | returned */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('percent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next_steps', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('submitted_at', 'text')
    /** The local China date of the (first) submission: what "on time" is judged by. */
    .addColumn('submitted_on', 'text')
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('review_comment', 'text')
    .addColumn('example', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'progress_reports');
  await db.schema
    .createIndex('progress_reports_node_unit_period_idx')
    .on('progress_reports')
    .columns(['node_id', 'unit_id', 'period'])
    .unique()
    .execute();
  await db.schema
    .createIndex('progress_reports_plan_period_idx')
    .on('progress_reports')
    .columns(['plan_id', 'period'])
    .execute();
  await db.schema
    .createIndex('progress_reports_unit_idx')
    .on('progress_reports')
    .columns(['unit_id', 'id'])
    .execute();
  await db.schema
    .createIndex('progress_reports_status_idx')
    .on('progress_reports')
    .columns(['status', 'id'])
    .execute();

  // Each submit, accept and return of a report, with the report as it then stood.
  await withId(db.schema.createTable('progress_report_events'), d)
    .addColumn('report_id', 'integer', (c) =>
      c.notNull().references('progress_reports.id').onDelete('cascade'),
    )
    /** submitted | accepted | returned */
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'progress_report_events');
  await db.schema
    .createIndex('progress_report_events_report_idx')
    .on('progress_report_events')
    .columns(['report_id', 'id'])
    .execute();

  await withId(db.schema.createTable('report_milestones'), d)
    .addColumn('report_id', 'integer', (c) =>
      c.notNull().references('progress_reports.id').onDelete('cascade'),
    )
    .addColumn('milestone_id', 'integer', (c) => c.notNull().references('milestones.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('completed_on', 'text')
    .execute();
  await trackChanges(db, 'report_milestones');
  await db.schema
    .createIndex('report_milestones_report_milestone_idx')
    .on('report_milestones')
    .columns(['report_id', 'milestone_id'])
    .unique()
    .execute();

  // A supporting unit's part of the lead unit's report.
  await withId(db.schema.createTable('report_contributions'), d)
    .addColumn('report_id', 'integer', (c) =>
      c.notNull().references('progress_reports.id').onDelete('cascade'),
    )
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('progress', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next_steps', 'text', (c) => c.notNull().defaultTo(''))
    /** draft | submitted */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('example', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .execute();
  await trackChanges(db, 'report_contributions');
  await db.schema
    .createIndex('report_contributions_report_unit_idx')
    .on('report_contributions')
    .columns(['report_id', 'unit_id'])
    .unique()
    .execute();

  // One row per distinct file content; the bytes live on disk under the data directory, named by the hash.
  await withId(db.schema.createTable('evidence_files'), d)
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'evidence_files');
  await db.schema
    .createIndex('evidence_files_sha256_idx')
    .on('evidence_files')
    .column('sha256')
    .unique()
    .execute();

  await withId(db.schema.createTable('report_evidence'), d)
    .addColumn('report_id', 'integer', (c) =>
      c.notNull().references('progress_reports.id').onDelete('cascade'),
    )
    .addColumn('evidence_id', 'integer', (c) => c.notNull().references('evidence_files.id'))
    /** The unit that attached it: the lead unit, or a supporting unit with its contribution. */
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'report_evidence');
  await db.schema
    .createIndex('report_evidence_report_idx')
    .on('report_evidence')
    .columns(['report_id', 'evidence_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('report_evidence_evidence_idx')
    .on('report_evidence')
    .column('evidence_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'report_evidence',
    'evidence_files',
    'report_contributions',
    'report_milestones',
    'progress_report_events',
    'progress_reports',
    'report_cycles',
    'milestones',
    'work_plan_revisions',
    'work_plans',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
