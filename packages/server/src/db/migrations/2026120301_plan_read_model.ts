import { sql, type Kysely } from 'kysely';
import { dialectOf, trackChanges, withId, type DialectName } from './dialect.js';

/**
 * The plan's read model (issue "Fast on every read"): each plan's JSON as the API sends it (plans/plan-document.ts),
 * for those who see notes and unpublished plans and for the public, written in the transaction of each write that
 * changes it (plans/plan-read-model.ts), so that a plan read is one row and not the building of the document.
 *
 * - `plan_read_dirty`: a row per change to what a plan's document shows, added by triggers on every table the
 *   document reads (plans, plan_nodes, targets, plan_node_units, and the names of units and areas), so no write can
 *   leave a stored document that says something else unnoticed. Storing the documents deletes the rows it saw. A
 *   plan with any row left is stale, and its reads build the document afresh: a write made around the services
 *   (SQL by hand, another program) is never hidden, only slower to read until the next write or start stores it.
 *   Rows are only ever added by writers, never updated: two transactions changing one plan do not wait on each
 *   other here (an update of one shared row would make them, and deadlock against the audit chain's lock).
 * - `plan_read_documents`: the two documents. Bytes on SQLite, base64 text on PostgreSQL (see plan-read-model.ts); `public_body` is null while the
 *   plan is unpublished (the public does not see it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  await withId(db.schema.createTable('plan_read_dirty'), d)
    .addColumn('plan_id', 'integer', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'plan_read_dirty');
  await db.schema.createIndex('plan_read_dirty_plan_idx').on('plan_read_dirty').column('plan_id').execute();

  const body = d === 'postgres' ? 'text' : 'blob';
  await db.schema
    .createTable('plan_read_documents')
    .addColumn('plan_id', 'integer', (c) => c.primaryKey().references('plans.id').onDelete('cascade'))
    .addColumn('internal_body', body, (c) => c.notNull())
    .addColumn('public_body', body)
    .execute();
  await trackChanges(db, 'plan_read_documents');
  // Stored out of line but not compressed: every read would otherwise decompress the whole document (PostgreSQL
  // compresses any value over 2 KB).
  if (d === 'postgres')
    await sql`alter table plan_read_documents alter column internal_body set storage external,
      alter column public_body set storage external`.execute(db);

  await sql`insert into plan_read_dirty (plan_id) select id from plans`.execute(db);

  for (const [table, events, plans] of PLANS_OF) await markTrigger(db, d, table, events, plans);
}

export async function down(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  for (const [table, events] of PLANS_OF) {
    const name = `plan_read_dirty_${table}`;
    if (d === 'postgres') {
      await sql`drop trigger ${sql.raw(name)} on ${sql.table(table)}`.execute(db);
      await sql`drop function ${sql.raw(`luoshi_${name}`)}()`.execute(db);
    } else
      for (const event of events.split(' or '))
        await sql`drop trigger ${sql.raw(`${name}_${event.split(' ')[0]}`)}`.execute(db);
  }
  await db.schema.dropTable('plan_read_documents').execute();
  await db.schema.dropTable('plan_read_dirty').execute();
}

/** Which plans a changed row of each table concerns, as SQL over `rec` (NEW or OLD). */
const PLANS_OF: [table: string, events: string, plans: (rec: string) => string][] = [
  ['plans', 'insert or update', (r) => `select ${r}.id`],
  ['plan_nodes', 'insert or update or delete', (r) => `select ${r}.plan_id`],
  ['targets', 'insert or update or delete', (r) => `select ${r}.plan_id`],
  [
    'plan_node_units',
    'insert or update or delete',
    (r) => `select n.plan_id from plan_nodes n where n.id = ${r}.node_id`,
  ],
  [
    'units',
    'update of name',
    (r) =>
      `select distinct n.plan_id from plan_node_units l join plan_nodes n on n.id = l.node_id where l.unit_id = ${r}.id`,
  ],
  ['areas', 'update of code, name', (r) => `select p.id from plans p where p.area_id = ${r}.id`],
];

/** Marks stale the plans that a row written to `table` concerns (one trigger per table and engine). */
async function markTrigger(
  db: Kysely<any>,
  d: DialectName,
  table: string,
  events: string,
  plans: (rec: string) => string,
): Promise<void> {
  const name = `plan_read_dirty_${table}`;
  if (d === 'postgres') {
    // OLD is null on insert and NEW on delete: both are looked at on update (an item moved to another plan).
    await sql`
      create function ${sql.raw(`luoshi_${name}`)}() returns trigger language plpgsql as $$
      begin
        if TG_OP <> 'INSERT' then
          insert into plan_read_dirty (plan_id) ${sql.raw(plans('old'))};
        end if;
        if TG_OP <> 'DELETE' then
          insert into plan_read_dirty (plan_id) ${sql.raw(plans('new'))};
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger ${sql.raw(name)} after ${sql.raw(events)} on ${sql.table(table)}
      for each row execute function ${sql.raw(`luoshi_${name}`)}()`.execute(db);
    return;
  }
  // SQLite: one trigger per event, each with the records it has.
  for (const event of events.split(' or ')) {
    const kind = event.split(' ')[0]!;
    const recs = kind === 'insert' ? ['new'] : kind === 'delete' ? ['old'] : ['old', 'new'];
    const body = recs.map((r) => `insert into plan_read_dirty (plan_id) ${plans(r)};`).join('\n');
    await sql`create trigger ${sql.raw(`${name}_${kind}`)} after ${sql.raw(event)} on ${sql.table(table)}
      begin ${sql.raw(body)} end`.execute(db);
  }
}
