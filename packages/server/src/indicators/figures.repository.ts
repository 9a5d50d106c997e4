import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, FigureRow } from '../db/schema.js';
import { dialectOf, isUniqueViolation } from '../db/dialect.js';
import type { Db } from '../audit/audit.js';

/** A figure to store: what a row of an import or an entry form gives, in the indicator's base unit. */
export interface NewFigure {
  indicatorId: number;
  areaCode: string;
  period: string;
  value: number;
  /** The core's qualifier: exact | lower_bound | preliminary | estimated. */
  qualifier: string;
  sourceUrl: string | null;
  sourceDocument: string | null;
  quote: string | null;
}

/** Who entered a batch of figures, when, and through which import (null for one typed in). */
export interface FigureProvenance {
  enteredBy: number | null;
  enteredByLabel: string;
  enteredAt: string;
  importId: number | null;
}

const COLUMNS = [
  'indicator_id',
  'area_code',
  'period',
  'value',
  'qualifier',
  'source_url',
  'source_document',
  'quote',
  'entered_by',
  'entered_by_label',
  'entered_at',
  'import_id',
] as const;

/** Rows per COPY on PostgreSQL: one round trip per batch; a conflicting batch is split (see the import). */
export const PG_BATCH = 10_000;
/**
 * Rows per synchronous insert loop on SQLite. Small on purpose: rows that wait in a batch across a young-generation
 * collection are promoted to the old one, whose garbage V8 lets grow to 100 MB before collecting; rows that are
 * stored soon after they are read die young, and the import's memory stays flat at any file size.
 */
export const SQLITE_BATCH = 200;

const SINGLE_INSERT = `insert into figures (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')}) on conflict do nothing`;
const insertStatements = new WeakMap<SqliteDatabase.Database, SqliteDatabase.Statement>();

/** COPY's text format: backslash, tab and line breaks escaped; \N is null. */
function copyText(v: string | null): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : v;
}

/** The SQL of figures and figure imports. */
export const figuresRepository = {
  /**
   * SQLite: stores each row for which no figure is in force yet (for its indicator, area and period), with one
   * prepared statement run in a synchronous loop on the transaction's connection, as a bare insert loop would;
   * returns the rows that met a figure in force (or one earlier in the batch), in order, for the caller to store
   * one by one as revisions. Must run inside the transaction's callback.
   */
  insertEachIfNew(
    sqlite: SqliteDatabase.Database,
    rows: readonly NewFigure[],
    p: FigureProvenance,
  ): NewFigure[] {
    let stmt = insertStatements.get(sqlite);
    if (!stmt) {
      stmt = sqlite.prepare(SINGLE_INSERT);
      insertStatements.set(sqlite, stmt);
    }
    const conflicts: NewFigure[] = [];
    for (const f of rows) {
      const r = stmt.run(
        f.indicatorId,
        f.areaCode,
        f.period,
        f.value,
        f.qualifier,
        f.sourceUrl,
        f.sourceDocument,
        f.quote,
        p.enteredBy,
        p.enteredByLabel,
        p.enteredAt,
        p.importId,
      );
      if (r.changes === 0) conflicts.push(f);
    }
    return conflicts;
  },

  /**
   * PostgreSQL: stores a batch of figures for which no figure is in force yet with one COPY on `client` (the
   * transaction's own connection), inside a savepoint. When any row meets a figure already in force for its
   * indicator, area and period (or one earlier in the batch), the batch is undone and false returned.
   */
  async copyBatchIfNew(
    db: Db,
    client: pg.PoolClient,
    rows: readonly NewFigure[],
    p: FigureProvenance,
  ): Promise<boolean> {
    if (rows.length === 0) return true;
    await sql`savepoint figure_batch`.execute(db);
    try {
      let text = '';
      const tail = `\t${p.enteredBy ?? '\\N'}\t${copyText(p.enteredByLabel)}\t${p.enteredAt}\t${p.importId ?? '\\N'}\n`;
      for (const f of rows) {
        text += `${f.indicatorId}\t${copyText(f.areaCode)}\t${copyText(f.period)}\t${f.value}\t${f.qualifier}\t${copyText(f.sourceUrl)}\t${copyText(f.sourceDocument)}\t${copyText(f.quote)}${tail}`;
      }
      const stream = client.query(copyFrom(`copy figures (${COLUMNS.join(', ')}) from stdin`));
      await pipeline(Readable.from([text]), stream);
      await sql`release savepoint figure_batch`.execute(db);
      return true;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    await sql`rollback to savepoint figure_batch`.execute(db);
    await sql`release savepoint figure_batch`.execute(db);
    return false;
  },

  /** Stores a figure if none is in force for its indicator, area and period; its id, or null if one is. */
  async insertIfNew(db: Db, f: NewFigure, p: FigureProvenance): Promise<number | null> {
    const row = await db
      .insertInto('figures')
      .values({ ...figureValues(f, p), superseded_by: null })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  },

  /** Stores a figure as history: `supersededBy` is the figure in force instead of it. */
  async insertSuperseded(db: Db, f: NewFigure, p: FigureProvenance, supersededBy: number): Promise<number> {
    const row = await db
      .insertInto('figures')
      .values({ ...figureValues(f, p), superseded_by: supersededBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async setSupersededBy(db: Db, id: number, by: number | null): Promise<void> {
    await db.updateTable('figures').set({ superseded_by: by }).where('id', '=', id).execute();
  },

  /** The figure in force for one indicator, area and period; locked until the transaction ends (PostgreSQL). */
  async inForceForUpdate(
    db: Db,
    indicatorId: number,
    areaCode: string,
    period: string,
  ): Promise<FigureRow | null> {
    let q = db
      .selectFrom('figures')
      .selectAll()
      .where('indicator_id', '=', indicatorId)
      .where('area_code', '=', areaCode)
      .where('period', '=', period)
      .where('superseded_by', 'is', null);
    if (dialectOf(db as Kysely<Database>) === 'postgres') q = q.forUpdate();
    return (await q.executeTakeFirst()) ?? null;
  },

  async get(db: Db, id: number): Promise<FigureRow | null> {
    return (await db.selectFrom('figures').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  },

  /** The figures in force of these indicators in one area: the dashboard's read, a few index probes. */
  async inForceIn(db: Db, indicatorIds: readonly number[], areaCode: string): Promise<FigureRow[]> {
    if (indicatorIds.length === 0) return [];
    return db
      .selectFrom('figures')
      .selectAll()
      .where('indicator_id', 'in', [...indicatorIds])
      .where('area_code', '=', areaCode)
      .where('superseded_by', 'is', null)
      .execute();
  },

  /** Every figure of an indicator (every area, every revision), newest first. */
  async allOf(db: Db, indicatorId: number): Promise<FigureRow[]> {
    return db
      .selectFrom('figures')
      .selectAll()
      .where('indicator_id', '=', indicatorId)
      .orderBy('entered_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  },

  /** The areas where these indicators have figures. */
  async areasWithFigures(db: Db, indicatorIds: readonly number[]): Promise<string[]> {
    if (indicatorIds.length === 0) return [];
    const rows = await db
      .selectFrom('figures')
      .select('area_code')
      .distinct()
      .where('indicator_id', 'in', [...indicatorIds])
      .where('superseded_by', 'is', null)
      .execute();
    return rows.map((r) => r.area_code);
  },

  /** Every figure (all revisions) of these indicators in one area. */
  async seriesIn(db: Db, indicatorIds: readonly number[], areaCode: string): Promise<FigureRow[]> {
    if (indicatorIds.length === 0) return [];
    return db
      .selectFrom('figures')
      .selectAll()
      .where('indicator_id', 'in', [...indicatorIds])
      .where('area_code', '=', areaCode)
      .execute();
  },

  async createImport(
    db: Db,
    v: { fileName: string | null; fileHash: string; format: string; provenance: FigureProvenance },
  ): Promise<number> {
    const row = await db
      .insertInto('figure_imports')
      .values({
        file_name: v.fileName,
        file_hash: v.fileHash,
        format: v.format,
        row_count: 0,
        revision_count: 0,
        entered_by: v.provenance.enteredBy,
        entered_by_label: v.provenance.enteredByLabel,
        entered_at: v.provenance.enteredAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async finishImport(
    db: Db,
    id: number,
    v: { fileHash: string; rows: number; revisions: number },
  ): Promise<void> {
    await db
      .updateTable('figure_imports')
      .set({ file_hash: v.fileHash, row_count: v.rows, revision_count: v.revisions })
      .where('id', '=', id)
      .execute();
  },
};

function figureValues(f: NewFigure, p: FigureProvenance) {
  return {
    indicator_id: f.indicatorId,
    area_code: f.areaCode,
    period: f.period,
    value: f.value,
    qualifier: f.qualifier,
    source_url: f.sourceUrl,
    source_document: f.sourceDocument,
    quote: f.quote,
    entered_by: p.enteredBy,
    entered_by_label: p.enteredByLabel,
    entered_at: p.enteredAt,
    import_id: p.importId,
  };
}
