import { sql, type Kysely } from 'kysely';
import { dialectOf, trackChanges } from './dialect.js';

/**
 * The read path (issue "Fast on every read"):
 * - a plan's counts (tasks, targets, units) stored on its row, so a page of the plans list reads them instead of
 *   walking every plan's items; the writes that change a plan's items keep them (plansRepository.refreshCounts);
 * - the plan's source text moved to the end of its row: SQLite stores a row's columns in order, so every column
 *   stored after a large text was reached by walking over it (and its overflow pages);
 * - indexes for the plans list's keyset orders (updated, title);
 * - on PostgreSQL, change counters bumped at the commit of every write, so that each server process can tell,
 *   with one cheap query, whether what it cached is still current (see ./dialect.ts trackChanges).
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['task_count', 'target_count', 'unit_count']) {
    await db.schema
      .alterTable('plans')
      .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }
  await sql`update plans set ${sql.raw(PLAN_COUNTS_SET)}`.execute(db);

  // Add-copy-drop-rename puts the column last on both engines without rebuilding the table (a rebuild would
  // have to drop a table other tables reference, which SQLite cannot do inside the migration's transaction).
  await db.schema
    .alterTable('plans')
    .addColumn('source_text_moved', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update plans set source_text_moved = source_text`.execute(db);
  await db.schema.alterTable('plans').dropColumn('source_text').execute();
  await db.schema.alterTable('plans').renameColumn('source_text_moved', 'source_text').execute();

  await db.schema.createIndex('plans_updated_idx').on('plans').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('plans_title_idx').on('plans').columns(['title', 'id']).execute();
  await db.schema.createIndex('units_name_id_idx').on('units').columns(['name', 'id']).execute();

  if (dialectOf(db) !== 'postgres') return;
  await sql`
    create table luoshi_changes (
      slot integer primary key,
      data_changes bigint not null default 0,
      credential_changes bigint not null default 0
    ) with (fillfactor = 50)`.execute(db);
  await sql`insert into luoshi_changes (slot) select generate_series(0, ${sql.lit(CHANGE_SLOTS - 1)})`.execute(
    db,
  );
  // Runs at commit (a deferred constraint trigger), once per transaction for the data counter and once more
  // if the transaction wrote a table a credential lookup reads. The counter row is taken last, just before
  // commit, and the slot is chosen by backend, so writers rarely wait on each other and never deadlock on it.
  await sql`
    create function luoshi_note_change() returns trigger language plpgsql as $$
    declare
      noted text := coalesce(current_setting('luoshi.change_noted', true), '');
      credentials boolean := TG_ARGV[0] = 'credentials';
    begin
      if noted = 'dc' or (noted = 'd' and not credentials) then
        return null;
      end if;
      update luoshi_changes
        set data_changes = data_changes + (case when noted = '' then 1 else 0 end),
            credential_changes = credential_changes + (case when credentials then 1 else 0 end)
        where slot = pg_backend_pid() % ${sql.lit(CHANGE_SLOTS)};
      perform set_config('luoshi.change_noted', case when credentials then 'dc' else 'd' end, true);
      return null;
    end
    $$`.execute(db);
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
      and table_name not in ('luoshi_changes', 'kysely_migration', 'kysely_migration_lock')`.execute(db);
  for (const { name } of tables.rows) await trackChanges(db, name);
}

/** How many counter rows writers spread over (by backend); readers add them up. */
const CHANGE_SLOTS = 64;

/** The SET clause that computes a plan's stored counts from its items (as plansRepository.refreshCounts does). */
const PLAN_COUNTS_SET = `
  task_count = (select count(*) from plan_nodes n where n.plan_id = plans.id and exists
    (select 1 from plan_node_units l where l.node_id = n.id and l.role = 'lead')),
  target_count = (select count(*) from targets t where t.plan_id = plans.id),
  unit_count = (select count(distinct l.unit_id) from plan_node_units l
    join plan_nodes n on n.id = l.node_id where n.plan_id = plans.id)`;

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    const tables = await sql<{ name: string }>`
      select distinct event_object_table as name from information_schema.triggers
      where trigger_name = 'luoshi_changes_noted'`.execute(db);
    for (const { name } of tables.rows)
      await sql`drop trigger luoshi_changes_noted on ${sql.table(name)}`.execute(db);
    await sql`drop function luoshi_note_change()`.execute(db);
    await sql`drop table luoshi_changes`.execute(db);
  }
  await db.schema.dropIndex('units_name_id_idx').execute();
  await db.schema.dropIndex('plans_title_idx').execute();
  await db.schema.dropIndex('plans_updated_idx').execute();
  for (const column of ['task_count', 'target_count', 'unit_count'])
    await db.schema.alterTable('plans').dropColumn(column).execute();
}
