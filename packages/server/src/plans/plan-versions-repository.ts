import type { Kysely } from 'kysely';
import type { Database, PlanVersionRow } from '../db/schema.js';
import type { Db } from '../audit/audit.js';

export interface PlanVersionListRow {
  version: number;
  confirmed_at: string;
  confirmed_by: number | null;
  confirmed_by_name: string | null;
  import_id: number | null;
  source_file_name: string | null;
  snapshot_json: string;
}

/** Storage of confirmed plan versions: each one's source text and snapshot, written once, never changed. */
export const planVersionsRepository = {
  async insert(db: Db, row: Omit<PlanVersionRow, 'id'>): Promise<void> {
    await db.insertInto('plan_versions').values(row).execute();
  },

  /** The plan's versions, newest first. */
  async list(db: Kysely<Database>, planId: number): Promise<PlanVersionListRow[]> {
    return db
      .selectFrom('plan_versions as v')
      .leftJoin('users as u', 'u.id', 'v.confirmed_by')
      .select([
        'v.version',
        'v.confirmed_at',
        'v.confirmed_by',
        'u.display_name as confirmed_by_name',
        'v.import_id',
        'v.source_file_name',
        'v.snapshot_json',
      ])
      .where('v.plan_id', '=', planId)
      .orderBy('v.version', 'desc')
      .execute();
  },

  /** Whether the plan exists (and is published, when only published plans may be seen). */
  async planVisible(db: Kysely<Database>, planId: number, publishedOnly: boolean): Promise<boolean> {
    let q = db.selectFrom('plans').select('id').where('id', '=', planId);
    if (publishedOnly) q = q.where('published', '=', 1);
    return !!(await q.executeTakeFirst());
  },

  async get(
    db: Kysely<Database>,
    planId: number,
    version: number,
  ): Promise<(PlanVersionRow & { confirmed_by_name: string | null }) | null> {
    return (
      (await db
        .selectFrom('plan_versions as v')
        .leftJoin('users as u', 'u.id', 'v.confirmed_by')
        .selectAll('v')
        .select('u.display_name as confirmed_by_name')
        .where('v.plan_id', '=', planId)
        .where('v.version', '=', version)
        .executeTakeFirst()) ?? null
    );
  },
};
