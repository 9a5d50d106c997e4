import type { Insertable, Updateable } from 'kysely';
import type { Database, PlanRow, PlanTable } from '../db/schema.js';
import type { Db } from '../audit/audit.js';

/** The plan rows a confirmation writes. */
export const confirmRepository = {
  /** Marks the plan changed (on PostgreSQL its row stays locked to the end) and reads it; null when gone. */
  async touchPlan(db: Db, planId: number, now: string): Promise<PlanRow | null> {
    await db.updateTable('plans').set({ updated_at: now }).where('id', '=', planId).execute();
    return (await db.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirst()) ?? null;
  },

  async updatePlan(db: Db, planId: number, set: Updateable<PlanTable>): Promise<void> {
    await db.updateTable('plans').set(set).where('id', '=', planId).execute();
  },

  async insertPlan(db: Db, values: Insertable<Database['plans']>): Promise<number> {
    const row = await db.insertInto('plans').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  },
};
