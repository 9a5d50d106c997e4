import { sql, type Kysely } from 'kysely';
import type { Database, ImportRow, ImportTable } from '../db/schema.js';
import type { Db } from '../audit/audit.js';
import { dialectOf, nowIso } from '../db/dialect.js';

/** Storage of import drafts. */
export const importsRepository = {
  async get(db: Db, id: number): Promise<ImportRow | null> {
    return (await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  },

  /**
   * Marks the draft touched if it is still a draft; false when it is not (or does not exist). Being a write, on
   * PostgreSQL it makes a concurrent confirmation or correction of the same draft wait for this transaction.
   */
  async takeDraft(db: Db, id: number): Promise<boolean> {
    const taken = await db
      .updateTable('imports')
      .set({ updated_at: nowIso() })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) > 0;
  },

  async insert(db: Db, values: Omit<ImportTable, 'id'>): Promise<number> {
    const row = await db.insertInto('imports').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  },

  async update(
    db: Db,
    id: number,
    set: Partial<Pick<ImportRow, 'draft_json' | 'status' | 'confirmed_plan_id' | 'area_id' | 'area_source'>>,
  ): Promise<void> {
    await db
      .updateTable('imports')
      .set({ ...set, updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
  },

  /**
   * Up to `limit` drafts awaiting review after the cursor's id, newest first, with who imported them. The title is
   * read out of the draft's JSON by the database, so the (large) draft is not sent over and parsed.
   */
  async listDrafts(db: Kysely<Database>, afterId: number | null, limit: number) {
    const title =
      dialectOf(db) === 'postgres'
        ? sql<string | null>`(i.draft_json::json ->> 'title')`
        : sql<string | null>`json_extract(i.draft_json, '$.title')`;
    let q = db
      .selectFrom('imports as i')
      .leftJoin('users as u', 'u.id', 'i.created_by')
      .select([
        'i.id',
        'i.plan_id',
        'i.status',
        'i.file_name',
        'i.created_at',
        'u.username',
        title.as('title'),
      ])
      .where('i.status', '=', 'draft');
    if (afterId !== null) q = q.where('i.id', '<', afterId);
    return q.orderBy('i.id', 'desc').limit(limit).execute();
  },

  /** The plan's jurisdiction (null when it has none), or undefined when there is no such plan. */
  async planArea(db: Db, planId: number): Promise<number | null | undefined> {
    const row = await db.selectFrom('plans').select('area_id').where('id', '=', planId).executeTakeFirst();
    return row ? row.area_id : undefined;
  },
};
