import type { Kysely } from 'kysely';

/**
 * The contact person (联系人) and telephone a plan's 督办通知单 names, set by the secretariat with the plan's other
 * supervision settings; both null while unset, when the document names 督查秘书处. One column per statement:
 * SQLite's ALTER TABLE adds a single column at a time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('supervision_settings').addColumn('contact_name', 'text').execute();
  await db.schema.alterTable('supervision_settings').addColumn('contact_phone', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('supervision_settings').dropColumn('contact_phone').execute();
  await db.schema.alterTable('supervision_settings').dropColumn('contact_name').execute();
}
