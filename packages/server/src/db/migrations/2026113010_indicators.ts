import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dialectOf, trackChanges, withId } from './dialect.js';

/**
 * Indicators and official statistics (issue 8): the measured series a target links to, the names sources use for
 * them, and the figures, each with its source and who entered it.
 *
 * Areas are referenced by code text (`area_code`: the area's stable key in the core's area data, a GB/T 2260 code
 * or a functional zone's local code) rather than by a foreign key, so that figures do not wait for the areas
 * table; names and codes are resolved through the core's area index.
 *
 * Figures are never deleted or changed, except `superseded_by`: the figure in force for an indicator, area and
 * period has it null; every other figure of that period points to the one that displaced it. The partial unique
 * index `figures_in_force_idx` holds that rule in the database, serves the in-force lookup of the dashboard in a
 * few index probes at any table size, and lets a bulk insert learn of a revision from the conflict itself
 * (ON CONFLICT DO NOTHING) instead of probing first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);

  await withId(db.schema.createTable('indicators'), d)
    .addColumn('code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    /** `normalizeIndicatorName(name)`: one name stands for one indicator. */
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('decimals', 'integer')
    .addColumn('owner_unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('formula', 'text')
    .addColumn('baseline_value', 'double precision')
    .addColumn('baseline_period', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'indicators');
  await db.schema
    .createIndex('indicators_name_key_idx')
    .on('indicators')
    .column('name_key')
    .unique()
    .execute();
  await db.schema.createIndex('indicators_code_idx').on('indicators').column('code').unique().execute();
  await db.schema.createIndex('indicators_owner_idx').on('indicators').column('owner_unit_id').execute();

  await withId(db.schema.createTable('indicator_aliases'), d)
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('alias_key', 'text', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'indicator_aliases');
  await db.schema
    .createIndex('indicator_aliases_key_idx')
    .on('indicator_aliases')
    .column('alias_key')
    .unique()
    .execute();
  await db.schema
    .createIndex('indicator_aliases_indicator_idx')
    .on('indicator_aliases')
    .column('indicator_id')
    .execute();

  // One row per bulk import: what was imported, from which file (its SHA-256), by whom; figures point to it.
  await withId(db.schema.createTable('figure_imports'), d)
    .addColumn('file_name', 'text')
    .addColumn('file_hash', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revision_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('entered_by', 'integer', (c) => c.references('users.id'))
    .addColumn('entered_by_label', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .execute();
  await trackChanges(db, 'figure_imports');

  await withId(db.schema.createTable('figures'), d)
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id'))
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('qualifier', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text')
    .addColumn('source_document', 'text')
    .addColumn('quote', 'text')
    .addColumn('entered_by', 'integer', (c) => c.references('users.id'))
    .addColumn('entered_by_label', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('superseded_by', 'integer', (c) => c.references('figures.id'))
    .addColumn('import_id', 'integer', (c) => c.references('figure_imports.id'))
    .execute();
  await trackChanges(db, 'figures');
  // The figure in force: at most one per indicator, area and period.
  await sql`create unique index figures_in_force_idx on figures (indicator_id, area_code, period) where superseded_by is null`.execute(
    db,
  );
  // Every revision of a series (the indicator page's history).
  await db.schema
    .createIndex('figures_series_idx')
    .on('figures')
    .columns(['indicator_id', 'area_code', 'period'])
    .execute();

  await db.schema
    .alterTable('targets')
    .addColumn('indicator_id', 'integer', (c) => c.references('indicators.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('targets_indicator_idx').on('targets').column('indicator_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('targets_indicator_idx').execute();
  await db.schema.alterTable('targets').dropColumn('indicator_id').execute();
  for (const t of ['figures', 'figure_imports', 'indicator_aliases', 'indicators']) {
    await db.schema.dropTable(t).execute();
  }
}
