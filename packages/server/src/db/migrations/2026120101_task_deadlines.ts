import type { Kysely } from 'kysely';

/**
 * Each plan item's completion deadline as the text states it (2020年底前, 印发后3个月内, 每年, 长期坚持): JSON of
 * `PlanDeadline`, or null when the item states none. Items confirmed before this have none until a re-import.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plan_nodes').addColumn('deadline_json', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plan_nodes').dropColumn('deadline_json').execute();
}
