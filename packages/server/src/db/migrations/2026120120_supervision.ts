import type { Kysely } from 'kysely';
import { dialectOf, trackChanges, withId } from './dialect.js';

/**
 * Supervision (督办, issue 9): each plan's thresholds, the notices its rules raise with every step of their life,
 * the runs of the rules, and the webhooks that hear of notices with each delivery attempt.
 *
 * `supervision_notices_subject_idx` (unique plan, rule, subject) is what makes a run idempotent even when two
 * processes run the rules for the same day at once: the second insert of a notice finds the first and does
 * nothing. Dates of the plan's delivery (raised_on, step_due_on, as_of) are local China dates, `YYYY-MM-DD`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);

  await db.schema
    .createTable('supervision_settings')
    .addColumn('plan_id', 'integer', (c) => c.primaryKey().references('plans.id').onDelete('cascade'))
    /** JSON of the core's `SupervisionThresholds`. */
    .addColumn('thresholds_json', 'text', (c) => c.notNull())
    /** JSON array of `{ unitId: number | null, email }`: who gets notices by e-mail (null unit = secretariat). */
    .addColumn('recipients_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'supervision_settings');

  await withId(db.schema.createTable('supervision_notices'), d)
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('node_id', 'integer', (c) => c.references('plan_nodes.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('subject_key', 'text', (c) => c.notNull())
    /** What the notice is about, as the rule found it (milestone title, report period, target text, item). */
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('subject_due_on', 'text')
    .addColumn('days_late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('raised_on', 'text', (c) => c.notNull())
    .addColumn('step_due_on', 'text')
    /** The year's running number, for the document number (文号) of the 督办通知单. */
    .addColumn('serial', 'integer', (c) => c.notNull())
    .addColumn('reply', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'supervision_notices');
  await db.schema
    .createIndex('supervision_notices_subject_idx')
    .on('supervision_notices')
    .columns(['plan_id', 'rule', 'subject_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('supervision_notices_unit_idx')
    .on('supervision_notices')
    .columns(['unit_id', 'state'])
    .execute();
  await db.schema
    .createIndex('supervision_notices_plan_idx')
    .on('supervision_notices')
    .columns(['plan_id', 'state', 'level'])
    .execute();

  await withId(db.schema.createTable('supervision_notice_events'), d)
    .addColumn('notice_id', 'integer', (c) =>
      c.notNull().references('supervision_notices.id').onDelete('cascade'),
    )
    /** raised | escalated | sign | start | reply | verify | return | close */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('from_level', 'text')
    .addColumn('to_level', 'text', (c) => c.notNull())
    /** Null for the system (a run of the rules). */
    .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    /** The day of the plan's delivery the step belongs to (the run's as-of day, or the action's day). */
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .execute();
  await trackChanges(db, 'supervision_notice_events');
  await db.schema
    .createIndex('supervision_notice_events_notice_idx')
    .on('supervision_notice_events')
    .columns(['notice_id', 'id'])
    .execute();

  await withId(db.schema.createTable('supervision_runs'), d)
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('as_of', 'text', (c) => c.notNull())
    /** schedule | cli | api | replay */
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('raised', 'integer', (c) => c.notNull())
    .addColumn('escalated', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'supervision_runs');
  await db.schema
    .createIndex('supervision_runs_plan_idx')
    .on('supervision_runs')
    .columns(['plan_id', 'as_of'])
    .execute();

  await withId(db.schema.createTable('webhooks'), d)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    /** generic (signed JSON event) | wecom (企业微信 group robot) | dingtalk (钉钉 group robot) */
    .addColumn('format', 'text', (c) => c.notNull())
    /** HMAC key (generic: X-Luoshi-Signature; dingtalk: the robot's 加签 secret); null for none. */
    .addColumn('secret', 'text')
    /** Null: every plan. */
    .addColumn('plan_id', 'integer', (c) => c.references('plans.id').onDelete('cascade'))
    /** Lowest level sent (blue sends every notice). */
    .addColumn('min_level', 'text', (c) => c.notNull().defaultTo('blue'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'webhooks');

  await withId(db.schema.createTable('webhook_deliveries'), d)
    .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('notice_id', 'integer', (c) => c.references('supervision_notices.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (c) => c.references('supervision_notice_events.id').onDelete('cascade'))
    .addColumn('payload', 'text', (c) => c.notNull())
    /** pending | delivered | failed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await trackChanges(db, 'webhook_deliveries');
  await db.schema
    .createIndex('webhook_deliveries_webhook_idx')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'webhook_deliveries',
    'webhooks',
    'supervision_runs',
    'supervision_notice_events',
    'supervision_notices',
    'supervision_settings',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
